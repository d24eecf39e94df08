import { expect } from 'chai';
import { logEngineError } from '../../engine/error-log.js';

describe('engine/error-log', () => {
  it("should write an internal error's message and stack with ID, credit code and mobile numbers masked, as the web app's log does", () => {
    const lines: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => lines.push(args);
    try {
      logEngineError('engine REST error', new Error("variable 'applicant' = {\"id\":\"110101199003071234\",\"phone\":\"13800138000\",\"org\":\"91350100M000100Y43\"}"));
    } finally {
      console.error = original;
    }

    expect(lines).to.have.length(1);
    const line = String(lines[0][0]);
    expect(lines[0]).to.have.length(1);
    expect(line).to.include('engine REST error').and.include('110101********1234').and.include('138****8000').and.include('913501********0Y43');
    expect(line).to.not.match(/110101199003071234|13800138000|91350100M000100Y43/);
    expect(line, 'the stack').to.include('error-log.spec.ts');
  });
});
