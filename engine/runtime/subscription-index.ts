import type { DurableStore } from '../store/durable-store.js';
import type {
  MessageRecord,
  MessageSubscriptionRecord,
  SignalSubscriptionRecord,
  TimerRecord,
} from './records.js';

type OwnedKind = 'timer' | 'messageSubscription' | 'signalSubscription';
type ResidentOwnedKind = Exclude<OwnedKind, 'timer'>;

const messageKey = (name: string, correlationKey: string) => name + '\u0000' + correlationKey;

/**
 * Lookups over the durable subscription records: by owner element instance, by message name and
 * correlation key, by signal name. Message and signal subscriptions are resident records, indexed
 * at start. Timers are read on demand (docs/decisions/0022): an owner's timers are read from the
 * store when first asked for and kept up to date until the next commit.
 */
export class SubscriptionIndex {
  private readonly byOwner = new Map<number, Map<number, ResidentOwnedKind>>();
  private readonly timersByOwner = new Map<number, Set<number>>();
  private readonly messageSubs = new Map<string, Set<number>>();
  private readonly signalSubs = new Map<string, Set<number>>();
  private readonly buffered = new Map<string, Set<number>>();

  constructor(private readonly store: DurableStore) {
    for (const m of store.table<MessageSubscriptionRecord>('messageSubscription').values()) this.indexMessageSub(m);
    for (const s of store.table<SignalSubscriptionRecord>('signalSubscription').values()) this.indexSignalSub(s);
    for (const m of store.table<MessageRecord>('message').values()) this.indexBuffered(m);
  }

  private own(ownerKey: number | undefined, key: number, kind: ResidentOwnedKind): void {
    if (ownerKey === undefined) return;
    let owned = this.byOwner.get(ownerKey);
    if (!owned) {
      owned = new Map();
      this.byOwner.set(ownerKey, owned);
    }
    owned.set(key, kind);
  }

  private disown(ownerKey: number | undefined, key: number): void {
    if (ownerKey === undefined) return;
    const owned = this.byOwner.get(ownerKey);
    owned?.delete(key);
    if (owned && owned.size === 0) this.byOwner.delete(ownerKey);
  }

  private indexMessageSub(m: MessageSubscriptionRecord): void {
    this.own(m.ownerKey, m.key, 'messageSubscription');
    const k = messageKey(m.messageName, m.correlationKey);
    let set = this.messageSubs.get(k);
    if (!set) this.messageSubs.set(k, (set = new Set()));
    set.add(m.key);
  }

  private indexSignalSub(s: SignalSubscriptionRecord): void {
    this.own(s.ownerKey, s.key, 'signalSubscription');
    let set = this.signalSubs.get(s.signalName);
    if (!set) this.signalSubs.set(s.signalName, (set = new Set()));
    set.add(s.key);
  }

  private indexBuffered(m: MessageRecord): void {
    const k = messageKey(m.name, m.correlationKey);
    let set = this.buffered.get(k);
    if (!set) this.buffered.set(k, (set = new Set()));
    set.add(m.key);
  }

  private ownedTimers(ownerKey: number): Set<number> {
    let keys = this.timersByOwner.get(ownerKey);
    if (!keys) {
      keys = new Set(this.store.keysWhere('timer.ownerKey', ownerKey));
      this.timersByOwner.set(ownerKey, keys);
    }
    return keys;
  }

  /** A new element instance owns no timer yet: no need to ask the store. */
  newOwner(ownerKey: number): void {
    this.timersByOwner.set(ownerKey, new Set());
  }

  /** The state is committed: owners' timers may be read again from the store when needed. */
  committed(): void {
    this.timersByOwner.clear();
  }

  addTimer(t: TimerRecord): void {
    this.store.put('timer', t.key, t);
    if (t.ownerKey !== undefined) this.ownedTimers(t.ownerKey).add(t.key);
  }

  removeTimer(t: TimerRecord): void {
    this.store.delete('timer', t.key);
    if (t.ownerKey !== undefined) this.ownedTimers(t.ownerKey).delete(t.key);
  }

  /** The timer start events' timers (they have no owner) of a process definition. */
  startTimers(definitionKey: number): TimerRecord[] {
    return this.store
      .keysWhere('timer.ownerKey', null)
      .map((k) => this.store.get<TimerRecord>('timer', k))
      .filter((t): t is TimerRecord => t !== undefined && t.definitionKey === definitionKey);
  }

  addMessageSubscription(m: MessageSubscriptionRecord): void {
    this.store.put('messageSubscription', m.key, m);
    this.indexMessageSub(m);
  }

  removeMessageSubscription(m: MessageSubscriptionRecord): void {
    this.store.delete('messageSubscription', m.key);
    this.disown(m.ownerKey, m.key);
    this.messageSubs.get(messageKey(m.messageName, m.correlationKey))?.delete(m.key);
  }

  addSignalSubscription(s: SignalSubscriptionRecord): void {
    this.store.put('signalSubscription', s.key, s);
    this.indexSignalSub(s);
  }

  removeSignalSubscription(s: SignalSubscriptionRecord): void {
    this.store.delete('signalSubscription', s.key);
    this.disown(s.ownerKey, s.key);
    this.signalSubs.get(s.signalName)?.delete(s.key);
  }

  addBufferedMessage(m: MessageRecord): void {
    this.store.put('message', m.key, m);
    this.indexBuffered(m);
  }

  removeBufferedMessage(m: MessageRecord): void {
    this.store.delete('message', m.key);
    this.buffered.get(messageKey(m.name, m.correlationKey))?.delete(m.key);
  }

  ownedBy(ownerKey: number): Array<{ key: number; kind: OwnedKind }> {
    const owned = this.byOwner.get(ownerKey);
    const timers = [...this.ownedTimers(ownerKey)].map((key) => ({ key, kind: 'timer' as const }));
    if (!owned) return timers;
    // in the order they were opened, as keys grow
    return [...timers, ...[...owned].map(([key, kind]) => ({ key, kind }))].sort((x, y) => x.key - y.key);
  }

  messageSubscriptionsFor(name: string, correlationKey: string): MessageSubscriptionRecord[] {
    const keys = this.messageSubs.get(messageKey(name, correlationKey));
    if (!keys) return [];
    return [...keys]
      .map((k) => this.store.get<MessageSubscriptionRecord>('messageSubscription', k))
      .filter((m): m is MessageSubscriptionRecord => m !== undefined)
      .sort((a, b) => a.key - b.key);
  }

  signalSubscriptionsFor(name: string): SignalSubscriptionRecord[] {
    const keys = this.signalSubs.get(name);
    if (!keys) return [];
    return [...keys]
      .map((k) => this.store.get<SignalSubscriptionRecord>('signalSubscription', k))
      .filter((s): s is SignalSubscriptionRecord => s !== undefined)
      .sort((a, b) => a.key - b.key);
  }

  bufferedMessagesFor(name: string, correlationKey: string): MessageRecord[] {
    const keys = this.buffered.get(messageKey(name, correlationKey));
    if (!keys) return [];
    return [...keys]
      .map((k) => this.store.get<MessageRecord>('message', k))
      .filter((m): m is MessageRecord => m !== undefined)
      .sort((a, b) => a.key - b.key);
  }
}
