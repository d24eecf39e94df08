/**
 * The standard list built-ins whose first parameter feel-scala takes only as a list (no var-args):
 * given anything else they answer null, like any built-in invoked with arguments it does not accept
 * (FeelInterpreter 1.19: "Failed to invoke function" is a warning and the call is null). feelin
 * reads a non-list there as a one-item list (`count("a")` is 1), so these wrap its own built-ins and
 * hand them lists only. The var-args ones (min, max, sum, all, any, …) take a single value as a
 * one-item list in feel-scala too, so they stay feelin's.
 *
 * Source: docs.camunda.io 8.8, builtin-functions/feel-built-in-functions-list; feel-scala 1.19
 * ListBuiltinFunctions.
 */
import { evaluate, FeelFunction } from 'feelin';

const LIST_FIRST = [
  'list contains', 'count', 'sublist', 'append', 'insert before', 'remove', 'reverse', 'index of',
  'distinct values', 'flatten', 'sort',
];

type Builtin = ((...args: unknown[]) => unknown) & { $args: string[] };

/** feelin's built-in of that name: evaluating a bare built-in name yields its implementation. */
function feelinBuiltin(name: string): Builtin {
  const value = evaluate(name, {}).value as Builtin | null;
  if (typeof value !== 'function' || !Array.isArray(value.$args)) throw new Error(`feelin has no built-in '${name}'`);
  return value;
}

function requiringList(name: string): FeelFunction {
  const builtin = feelinBuiltin(name);
  return new FeelFunction((list: unknown, ...rest: unknown[]) => (Array.isArray(list) ? builtin(list, ...rest) : null), builtin.$args);
}

export const LIST_FUNCTIONS: Readonly<Record<string, FeelFunction>> = Object.fromEntries(
  LIST_FIRST.map((name) => [name, requiringList(name)]),
);
