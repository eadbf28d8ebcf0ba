import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Fails when the project's modules import each other in a cycle. Only imports that survive compilation count:
 * `import type` and `export type` are erased and cannot make one module load before another is ready.
 */
const root = path.resolve(__dirname, '..');
const FOLDERS = ['activities', 'api', 'config', 'db', 'dev', 'domain', 'templates', 'worker', 'workflows', 'scripts'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Relative imports of one file that load a module at run time, resolved to files. */
export function runtimeImports(file: string, text: string): string[] {
  const specifiers: string[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"](\.[^'"]+)['"]/gm;
  for (const match of text.matchAll(statement)) {
    if (match[2]) continue;
    const clause = match[3]!.replace(/\s+/g, ' ');
    // `import { type A, type B } from` loads nothing either.
    const names = /^\{(.*)\}$/.exec(clause.trim())?.[1];
    if (names !== undefined && names.split(',').every((n) => !n.trim() || n.trim().startsWith('type '))) continue;
    specifiers.push(match[4]!);
  }
  for (const match of text.matchAll(/^\s*import\s+['"](\.[^'"]+)['"]/gm)) specifiers.push(match[1]!);
  return specifiers.flatMap((specifier) => {
    const base = path.resolve(path.dirname(file), specifier);
    const candidate = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((c) => existsSync(c));
    return candidate ? [candidate] : [];
  });
}

export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

if (require.main === module) {
  const files = FOLDERS.filter((f) => existsSync(path.join(root, f))).flatMap((f) => sources(path.join(root, f)));
  const graph = new Map(files.map((file) => [file, runtimeImports(file, readFileSync(file, 'utf8'))]));
  const cycles = findCycles(graph);
  for (const cycle of cycles) console.error(`import cycle: ${cycle.map((f) => path.relative(root, f)).join(' → ')}`);
  console.log(`${files.length} modules, ${cycles.length} import cycle(s)`);
  if (cycles.length > 0) process.exitCode = 1;
}
