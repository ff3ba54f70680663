/**
 * API reference of the library (API.md), generated from the TSDoc of everything
 * lib/index.ts exports, with the TypeScript compiler API (no jsii):
 *
 *     npm run api-docs          # rewrites API.md
 *
 * `findDocGaps()` lists exported declarations and props without TSDoc, and
 * optional props without `@default`; a test keeps both the gaps empty and
 * API.md current.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..').endsWith(`${path.sep}dist`)
  ? path.join(__dirname, '..', '..', '..')
  : path.join(__dirname, '..');

/** Repository root (works from scripts/ under ts-jest and from dist/scripts/). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'lib', 'index.ts'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return ROOT;
    dir = parent;
  }
  return dir;
}

interface Entry {
  /** Section title, e.g. `TpuNodePool`. */
  readonly name: string;
  readonly kind: 'class' | 'interface' | 'enum' | 'function' | 'const' | 'type';
  readonly node: ts.Declaration;
  readonly file: string;
  /** Namespace export (`export * as x`) it belongs to. */
  readonly namespace?: string;
}

interface Program {
  readonly checker: ts.TypeChecker;
  readonly entries: readonly Entry[];
  readonly root: string;
}

const loaded = new Map<string, Program>();

function load(root = repoRoot()): Program {
  const cached = loaded.get(root);
  if (cached) return cached;
  const program = createProgram(root);
  loaded.set(root, program);
  return program;
}

function createProgram(root: string): Program {
  const index = path.join(root, 'lib', 'index.ts');
  const program = ts.createProgram([index], {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true, skipLibCheck: true, noEmit: true, types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(index)!;
  const entries: Entry[] = [];
  const seen = new Set<ts.Declaration>();
  const addModule = (moduleSpecifier: ts.Expression, namespace?: string): void => {
    const moduleSymbol = checker.getSymbolAtLocation(moduleSpecifier);
    if (!moduleSymbol) return;
    const exports = checker.getExportsOfModule(moduleSymbol)
      .map((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s))
      .flatMap((s) => (s.declarations ?? []).map((d) => ({ s, d })))
      .sort((a, b) => a.d.getSourceFile().fileName.localeCompare(b.d.getSourceFile().fileName) || a.d.pos - b.d.pos);
    for (const { s, d } of exports) {
      if (seen.has(d)) continue;
      const kind = kindOf(d);
      if (!kind) continue;
      seen.add(d);
      entries.push({ name: s.getName(), kind, node: d, file: path.relative(root, d.getSourceFile().fileName).split(path.sep).join('/'), namespace });
    }
  };
  for (const st of source.statements) {
    if (!ts.isExportDeclaration(st) || !st.moduleSpecifier) continue;
    if (st.exportClause && ts.isNamespaceExport(st.exportClause)) addModule(st.moduleSpecifier, st.exportClause.name.text);
    else addModule(st.moduleSpecifier);
  }
  return { checker, entries, root };
}

function kindOf(d: ts.Declaration): Entry['kind'] | undefined {
  if (ts.isClassDeclaration(d)) return 'class';
  if (ts.isInterfaceDeclaration(d)) return 'interface';
  if (ts.isEnumDeclaration(d)) return 'enum';
  if (ts.isFunctionDeclaration(d)) return 'function';
  if (ts.isVariableDeclaration(d)) return 'const';
  if (ts.isTypeAliasDeclaration(d)) return 'type';
  return undefined;
}

/** TSDoc text and tags of a declaration. */
function docOf(node: ts.Node): { text: string; tags: Map<string, string> } {
  const host = ts.isVariableDeclaration(node) ? node.parent.parent : node;
  const docs = ts.getJSDocCommentsAndTags(host).filter(ts.isJSDoc);
  const doc = docs[docs.length - 1];
  const tags = new Map<string, string>();
  if (!doc) return { text: '', tags };
  for (const t of doc.tags ?? []) tags.set(t.tagName.text, (ts.getTextOfJSDocComment(t.comment) ?? '').trim());
  return { text: (ts.getTextOfJSDocComment(doc.comment) ?? '').trim(), tags };
}

function isPublic(m: ts.ClassElement): boolean {
  const mods = ts.canHaveModifiers(m) ? ts.getModifiers(m) ?? [] : [];
  if (mods.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword)) return false;
  const name = m.name && ts.isIdentifier(m.name) ? m.name.text : m.name && ts.isPrivateIdentifier(m.name) ? '#' : '';
  return !name.startsWith('_') && !name.startsWith('#');
}

function isStatic(m: ts.Node): boolean {
  return ts.canHaveModifiers(m) && (ts.getModifiers(m) ?? []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function typeText(node: { type?: ts.TypeNode }, checker: ts.TypeChecker, fallback: ts.Node): string {
  if (node.type) return oneLine(node.type.getText());
  return oneLine(checker.typeToString(checker.getTypeAtLocation(fallback), undefined, ts.TypeFormatFlags.NoTruncation));
}

function signature(params: ts.NodeArray<ts.ParameterDeclaration>, checker: ts.TypeChecker): string {
  return params.map((p) => `${p.dotDotDotToken ? '...' : ''}${p.name.getText()}${p.questionToken || p.initializer ? '?' : ''}: ${typeText(p, checker, p)}`).join(', ');
}

function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

/** Public members of a class: [label, type or signature, doc node]. */
function classMembers(c: ts.ClassDeclaration, checker: ts.TypeChecker): { label: string; type: string; node: ts.Node; kind: 'property' | 'method' }[] {
  const out: { label: string; type: string; node: ts.Node; kind: 'property' | 'method' }[] = [];
  for (const m of c.members) {
    if (!isPublic(m) || !m.name) continue;
    const name = m.name.getText();
    const prefix = isStatic(m) ? `${c.name!.text}.` : '';
    if (ts.isPropertyDeclaration(m)) out.push({ label: `${prefix}${name}`, type: typeText(m, checker, m.name), node: m, kind: 'property' });
    else if (ts.isGetAccessorDeclaration(m)) out.push({ label: `${prefix}${name}`, type: typeText(m, checker, m.name), node: m, kind: 'property' });
    else if (ts.isMethodDeclaration(m)) out.push({ label: `${prefix}${name}(${signature(m.parameters, checker)})`, type: m.type ? oneLine(m.type.getText()) : 'void', node: m, kind: 'method' });
  }
  for (const ctor of c.members.filter(ts.isConstructorDeclaration)) {
    for (const p of ctor.parameters) {
      const mods = ts.getModifiers(p) ?? [];
      if (mods.some((x) => x.kind === ts.SyntaxKind.PublicKeyword || x.kind === ts.SyntaxKind.ReadonlyKeyword) && !mods.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword)) {
        out.push({ label: p.name.getText(), type: typeText(p, checker, p), node: p, kind: 'property' });
      }
    }
  }
  return out;
}

/** Unique anchors: GitHub lower-cases ids, so `TpuSliceShape` and `tpuSliceShape` need different ones. */
function anchors(entries: readonly Entry[]): Map<Entry, string> {
  const out = new Map<Entry, string>();
  const used = new Set<string>();
  for (const e of entries) {
    let a = `${e.namespace ? `${e.namespace}-` : ''}${e.name}`.toLowerCase().replace(/[^a-z0-9-]/g, '');
    if (used.has(a)) a = `${a}-${e.kind}`;
    used.add(a);
    out.set(e, a);
  }
  return out;
}

/** Renders API.md. */
export function renderApiDocs(root = repoRoot()): string {
  const { checker, entries } = load(root);
  const out: string[] = [
    '# API reference',
    '',
    '<!-- Generated from the TSDoc in lib/ by `npm run api-docs` (scripts/api-docs.ts). Do not edit by hand. -->',
    '',
    'Everything `tpu-gke-cdktf` exports (`lib/index.ts`). Optional props show their `@default`.',
    '',
  ];
  const ids = anchors(entries);
  const anchor = (e: Entry): string => ids.get(e)!;
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const key = e.namespace ? `Namespace \`${e.namespace}\`` : e.file.replace(/^lib\//, '').replace(/\.ts$/, '').split('/')[0];
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const titles: Record<string, string> = {
    errors: 'Errors', tpu: 'TPU catalog', providers: 'Providers and escape hatches', network: 'Network', gke: 'GKE',
    k8s: 'In-cluster objects', kueue: 'Kueue', gcp: 'Google Cloud', serving: 'Serving', util: 'Utilities',
  };
  out.push('## Contents', '');
  for (const [group, list] of groups) {
    out.push(`- **${titles[group] ?? group}**: ${list.map((e) => `[${e.name}](#${anchor(e)})`).join(', ')}`);
  }
  out.push('');
  for (const [group, list] of groups) {
    out.push(`## ${titles[group] ?? group}`, '');
    for (const e of list) out.push(...renderEntry(e, checker, anchor(e)), '');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

function renderEntry(e: Entry, checker: ts.TypeChecker, id: string): string[] {
  const doc = docOf(e.node);
  const out: string[] = [`### ${e.name} <a id="${id}"></a>`, '', `${e.kind} · \`${e.file}\``, ''];
  if (doc.text) out.push(doc.text, '');
  if (doc.tags.has('deprecated')) out.push(`**Deprecated:** ${doc.tags.get('deprecated')}`, '');
  const n = e.node;
  if (ts.isClassDeclaration(n)) {
    const heritage = (n.heritageClauses ?? []).map((h) => oneLine(h.getText())).join(' ');
    if (heritage) out.push(`\`${heritage}\``, '');
    const ctor = n.members.find(ts.isConstructorDeclaration);
    if (ctor && isPublic(ctor)) out.push('```ts', `new ${e.name}(${signature(ctor.parameters, checker)})`, '```', '');
    const members = classMembers(n, checker);
    const props = members.filter((m) => m.kind === 'property');
    const methods = members.filter((m) => m.kind === 'method');
    if (props.length) {
      out.push('| Property | Type | Description |', '|---|---|---|');
      for (const m of props) out.push(`| \`${cell(m.label)}\` | \`${cell(m.type)}\` | ${cell(docOf(m.node).text)} |`);
      out.push('');
    }
    if (methods.length) {
      out.push('| Method | Returns | Description |', '|---|---|---|');
      for (const m of methods) out.push(`| \`${cell(m.label)}\` | \`${cell(m.type)}\` | ${cell(docOf(m.node).text)} |`);
      out.push('');
    }
  } else if (ts.isInterfaceDeclaration(n)) {
    const heritage = (n.heritageClauses ?? []).map((h) => oneLine(h.getText())).join(' ');
    if (heritage) out.push(`\`${heritage}\``, '');
    const props = n.members.filter(ts.isPropertySignature);
    if (props.length) {
      out.push('| Prop | Type | Default | Description |', '|---|---|---|---|');
      for (const p of props) {
        const d = docOf(p);
        const dflt = p.questionToken ? d.tags.get('default') ?? '' : '*required*';
        out.push(`| \`${p.name.getText()}${p.questionToken ? '?' : ''}\` | \`${cell(typeText(p, checker, p))}\` | ${cell(dflt)} | ${cell(d.text)} |`);
      }
      out.push('');
    }
    const methods = n.members.filter(ts.isMethodSignature);
    if (methods.length) {
      out.push('| Method | Returns | Description |', '|---|---|---|');
      for (const m of methods) out.push(`| \`${cell(`${m.name.getText()}(${signature(m.parameters, checker)})`)}\` | \`${cell(m.type ? m.type.getText() : 'void')}\` | ${cell(docOf(m).text)} |`);
      out.push('');
    }
  } else if (ts.isEnumDeclaration(n)) {
    out.push('| Member | Value | Description |', '|---|---|---|');
    for (const m of n.members) out.push(`| \`${m.name.getText()}\` | \`${cell(m.initializer ? m.initializer.getText() : '')}\` | ${cell(docOf(m).text)} |`);
    out.push('');
  } else if (ts.isFunctionDeclaration(n)) {
    out.push('```ts', `function ${e.name}(${signature(n.parameters, checker)}): ${n.type ? oneLine(n.type.getText()) : 'void'}`, '```', '');
  } else if (ts.isVariableDeclaration(n)) {
    out.push('```ts', `const ${e.name}: ${typeText(n, checker, n.name)}`, '```', '');
  } else if (ts.isTypeAliasDeclaration(n)) {
    out.push('```ts', `type ${e.name} = ${oneLine(n.type.getText())}`, '```', '');
  }
  return out;
}

/**
 * Files whose interfaces mirror an upstream API field for field (their fields
 * are documented upstream); their interfaces need TSDoc, their fields do not.
 */
export const API_MIRROR_FILES: readonly string[] = ['lib/k8s/types.ts'];

/**
 * The project's TSDoc rule, checked: every exported class, interface, enum,
 * function, constant and type has TSDoc; every prop (interface property) has
 * TSDoc and, when optional, a `@default` tag. Class members are documented in
 * API.md when they have TSDoc, but are not required to.
 */
export function findDocGaps(root = repoRoot()): string[] {
  const { entries } = load(root);
  const gaps: string[] = [];
  for (const e of entries) {
    const where = `${e.file}: ${e.namespace ? `${e.namespace}.` : ''}${e.name}`;
    if (!docOf(e.node).text) gaps.push(`${where} has no TSDoc`);
    const n = e.node;
    if (ts.isInterfaceDeclaration(n) && !API_MIRROR_FILES.includes(e.file)) {
      for (const p of n.members.filter((m): m is ts.PropertySignature | ts.MethodSignature => ts.isPropertySignature(m) || ts.isMethodSignature(m))) {
        const d = docOf(p);
        if (!d.text) gaps.push(`${where}.${p.name.getText()} has no TSDoc`);
        if (ts.isPropertySignature(p) && p.questionToken && !d.tags.has('default')) gaps.push(`${where}.${p.name.getText()} is optional without @default`);
      }
    } else if (ts.isEnumDeclaration(n)) {
      for (const m of n.members) if (!docOf(m).text) gaps.push(`${where}.${m.name.getText()} has no TSDoc`);
    }
  }
  return gaps;
}

if (require.main === module) {
  const root = repoRoot();
  fs.writeFileSync(path.join(root, 'API.md'), renderApiDocs(root));
  const gaps = findDocGaps(root);
  process.stdout.write(`wrote API.md${gaps.length ? `; ${gaps.length} TSDoc gaps:\n${gaps.map((g) => `  ${g}`).join('\n')}` : ''}\n`);
}
