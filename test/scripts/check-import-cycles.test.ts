import path from 'node:path';
import { findCycles, runtimeImports } from '../../scripts/check-import-cycles';

describe('the import-cycle check', () => {
  it('counts the imports that load a module, not those erased by compilation', () => {
    const file = path.join(__dirname, 'probe.ts');
    const text = [
      "import type { A } from '../../workflows/messages';",
      "import { type B, type C } from '../../workflows/read-model';",
      "import { createActivities } from '../../activities';",
      "export { stepRecordId } from '../../activities/mail-activities';",
      "import '../../workflows/routing';",
    ].join('\n');
    expect(runtimeImports(file, text).map((f) => path.relative(path.join(__dirname, '../..'), f))).toEqual([
      'activities/index.ts',
      'activities/mail-activities.ts',
      'workflows/routing.ts',
    ]);
  });

  it('finds a cycle through several modules, and none in a tree', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });
});
