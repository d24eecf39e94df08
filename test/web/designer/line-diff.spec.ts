import { expect } from 'chai';
import { diffScript, lineDiff } from '../../../web/designer/line-diff.js';
import { deploymentProblems, engineFailure } from '../../../web/engine-errors.js';

const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);

describe('web/designer line diff', () => {
  it('should find nothing between equal texts, whatever their line endings', () => {
    expect(lineDiff('a\nb\n', 'a\r\nb')).to.deep.equal({ identical: true, added: 0, removed: 0, hunks: [] });
  });

  it('should give the shortest edit script', () => {
    expect(diffScript('a\nb\nc\na\nb\nb\na', 'c\nb\na\nb\na\nc').filter((l) => l.op !== ' ')).to.have.length(5);
    const script = diffScript('x\ny\nz', 'x\nY\nz');
    expect(script).to.deep.equal([
      { op: ' ', text: 'x' },
      { op: '-', text: 'y' },
      { op: '+', text: 'Y' },
      { op: ' ', text: 'z' },
    ]);
  });

  it('should show each change with three lines of context, numbered as unified diffs number them', () => {
    const before = lines(20);
    const after = [...before];
    after[4] = 'changed 5';
    after.splice(15, 1);
    const diff = lineDiff(before.join('\n'), after.join('\n'));

    expect(diff).to.include({ identical: false, added: 1, removed: 2 });
    expect(diff.hunks.map(({ oldStart, oldLines, newStart, newLines }) => [oldStart, oldLines, newStart, newLines])).to.deep.equal([
      [2, 7, 2, 7],
      [13, 7, 13, 6],
    ]);
    expect(diff.hunks[0].lines).to.deep.equal([' line 2', ' line 3', ' line 4', '-line 5', '+changed 5', ' line 6', ' line 7', ' line 8']);
    expect(diff.hunks[1].lines).to.deep.equal([' line 13', ' line 14', ' line 15', '-line 16', ' line 17', ' line 18', ' line 19']);
  });

  it('should join changes that are close into one hunk, and diff against nothing', () => {
    const before = lines(10);
    const after = [...before];
    after[2] = 'x';
    after[6] = 'y';
    expect(lineDiff(before.join('\n'), after.join('\n')).hunks).to.have.length(1);

    const fromNothing = lineDiff('', 'a\nb');
    expect(fromNothing.hunks[0]).to.deep.include({ oldStart: 0, oldLines: 0, newStart: 1, newLines: 2, lines: ['+a', '+b'] });
  });

  it('should show a text replaced wholesale as removed and added, without quadratic work', () => {
    const diff = lineDiff(lines(5000, 'old').join('\n'), lines(5000, 'new').join('\n'));
    expect(diff).to.include({ added: 5000, removed: 5000 });
  });
});

describe('web/engine-errors', () => {
  it("should read the elements of a rejected deployment from Zeebe's detail when the engine lists none", () => {
    const detail =
      "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n" +
      "'designer-demo.bpmn': - Element: untyped (bpmn:ServiceTask)\n    - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element\n" +
      '- Element: (document)\n    - ERROR: no executable process';
    const failure = engineFailure({ statusCode: 400, title: 'INVALID_ARGUMENT', detail });
    expect(failure.status).to.equal(400);
    expect(deploymentProblems(failure)).to.deep.equal([
      { elementId: 'untyped', elementType: 'bpmn:ServiceTask', message: "Must have exactly one 'zeebe:taskDefinition' extension element" },
      { elementId: null, elementType: null, message: 'no executable process' },
    ]);
  });

  it('should tell an engine that did not answer from one that refused', () => {
    expect(engineFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })).status).to.equal(undefined);
    expect(engineFailure({ response: { statusCode: 409, body: '{"title":"ALREADY_EXISTS","detail":"dup"}' } })).to.deep.include({ status: 409, title: 'ALREADY_EXISTS', detail: 'dup' });
  });
});
