import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as l10n from '@vscode/l10n';
import { describeError } from '../../src/chat/errorMessages';
import { FluxConfigError } from '../../src/flux/errors';
import { setL10nBundle, t as webviewT } from '../../webview/l10n';
import { hostFindings, templatesIn, webviewFindings, type Finding } from './l10n/sourceScan';

// Localisation is for what the USER reads. Strings meant for the MODEL (tool descriptions, tool
// results and errors, prompts, summaries, the outcome note) and log lines stay English on
// purpose: the model reads English best, and logs are for bug reports. So the property rule below
// covers only the vscode-facing folders, and chat/, flux/ and tools/ are checked by their `t(...)`
// calls (every template must be translated), not by a ban on literals.

const root = resolve(__dirname, '..', '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const readJson = (path: string): Record<string, unknown> => JSON.parse(read(path)) as Record<string, unknown>;

function tsFiles(folder: string): string[] {
	return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
		.filter((e) => e.isFile() && e.name.endsWith('.ts'))
		.map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'))
		.sort();
}

const hostFacing = /^src\/(commands|views|platform|dialogs|lm)\/|^src\/extension\.ts$/;
const show = (findings: readonly Finding[]): string => findings.map((f) => `${f.file}:${f.line}: ${f.text}`).join('\n');

describe('localisation', () => {
	describe('package.json', () => {
		const pkg = readJson('package.json') as { contributes: Record<string, unknown>; capabilities: { untrustedWorkspaces: { description: string } } };
		const nls = readJson('package.nls.json');
		const nlsDe = readJson('package.nls.de.json');

		/** Every user-facing contributed string, with where it is. */
		function contributedStrings(): [string, unknown][] {
			const c = pkg.contributes as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
			const out: [string, unknown][] = [['capabilities.untrustedWorkspaces.description', pkg.capabilities.untrustedWorkspaces.description]];
			for (const v of c.viewsContainers?.activitybar ?? []) out.push([`viewsContainers ${v.id} title`, v.title]);
			for (const list of Object.values(c.views ?? {}) as any[]) for (const v of list) out.push([`views ${v.id} name`, v.name]); // eslint-disable-line @typescript-eslint/no-explicit-any
			for (const cmd of c.commands ?? []) {
				out.push([`command ${cmd.command} title`, cmd.title]);
				if (cmd.category !== undefined) out.push([`command ${cmd.command} category`, cmd.category]);
			}
			out.push(['configuration title', c.configuration.title]);
			for (const [name, p] of Object.entries(c.configuration.properties as Record<string, any>)) { // eslint-disable-line @typescript-eslint/no-explicit-any
				for (const field of ['description', 'markdownDescription', 'patternErrorMessage', 'deprecationMessage', 'markdownDeprecationMessage']) {
					if (p[field] !== undefined) out.push([`${name} ${field}`, p[field]]);
				}
				for (const field of ['enumDescriptions', 'markdownEnumDescriptions']) {
					(p[field] ?? []).forEach((d: unknown, i: number) => out.push([`${name} ${field}[${i}]`, d]));
				}
			}
			for (const lp of c.languageModelChatProviders ?? []) out.push([`languageModelChatProviders ${lp.vendor} displayName`, lp.displayName]);
			for (const w of c.walkthroughs ?? []) {
				out.push([`walkthrough ${w.id} title`, w.title], [`walkthrough ${w.id} description`, w.description]);
				for (const s of w.steps) out.push([`walkthrough step ${s.id} title`, s.title], [`walkthrough step ${s.id} description`, s.description]);
			}
			return out;
		}

		it('gives every contributed title and description as a %key% found in package.nls.json and package.nls.de.json', () => {
			const strings = contributedStrings();
			assert.ok(strings.length > 40, `found only ${strings.length} contributed strings: the walk above no longer matches package.json`);
			const problems: string[] = [];
			for (const [where, value] of strings) {
				const key = typeof value === 'string' ? /^%([^%]+)%$/.exec(value)?.[1] : undefined;
				if (!key) problems.push(`${where}: ${JSON.stringify(value)} is not a %key%`);
				else {
					if (typeof nls[key] !== 'string') problems.push(`${where}: key "${key}" is missing from package.nls.json`);
					if (typeof nlsDe[key] !== 'string') problems.push(`${where}: key "${key}" is missing from package.nls.de.json`);
				}
			}
			assert.equal(problems.join('\n'), '', 'put the English text in package.nls.json and the German in package.nls.de.json');
		});

		it('has the same keys in package.nls.json and package.nls.de.json', () => {
			assert.deepEqual(Object.keys(nlsDe).sort(), Object.keys(nls).sort());
		});

		it('points VS Code at the l10n/ bundles', () => {
			assert.equal((pkg as unknown as { l10n: string }).l10n, './l10n');
		});

		it('gives every walkthrough page a German twin, <name>.nls.de.md, as VS Code looks it up', () => {
			const walkthroughs = (pkg.contributes as { walkthroughs: { steps: { media: { markdown?: string } }[] }[] }).walkthroughs;
			const pages = walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown)).filter((p): p is string => !!p);
			assert.ok(pages.length >= 4, `found only ${pages.length} walkthrough pages`);
			const problems: string[] = [];
			for (const page of pages) {
				const german = page.replace(/\.md$/, '.nls.de.md');
				let text = '';
				try {
					text = read(german);
				} catch {
					problems.push(`${german} is missing`);
					continue;
				}
				// Same shape: the heading and as many list items, so a page changed in English alone shows here.
				const shape = (md: string) => `${md.split('\n').filter((l) => l.startsWith('#')).length} headings, ${md.split('\n').filter((l) => /^\s*- /.test(l)).length} items`;
				if (shape(text) !== shape(read(page))) problems.push(`${german} has ${shape(text)}, ${page} ${shape(read(page))}`);
			}
			assert.equal(problems.join('\n'), '');
		});
	});

	describe('sources', () => {
		const host = tsFiles('src');
		const webview = tsFiles('webview').filter((f) => f !== 'webview/l10n.ts');

		it('sends no literal text to a notification, picker, input box, progress or status bar item in the host', () => {
			const findings = host.flatMap((file) => hostFindings(file, read(file), { properties: hostFacing.test(file) }));
			assert.equal(show(findings), '', 'wrap these in vscode.l10n.t(...) (or t(...) from @vscode/l10n outside the vscode-facing folders)');
		});

		it('puts no literal text in a label, text, title, placeholder or aria-label in the webview', () => {
			const findings = webview.flatMap((file) => webviewFindings(file, read(file)));
			assert.equal(show(findings), '', 'wrap these in t(...) from webview/l10n.ts');
		});

		const all = [...host, ...webview].map((file) => templatesIn(file, read(file)));
		const used = new Set(all.flatMap((r) => r.templates));
		const bundle = readJson('l10n/bundle.l10n.de.json');

		it('calls t(...) only with a literal template, so it can be found and translated', () => {
			assert.ok(used.size > 100, `found only ${used.size} templates: the scan no longer sees the t(...) calls`);
			assert.equal(show(all.flatMap((r) => r.dynamic)), '', 'the first argument of t(...) must be a plain \'...\' literal with {0} placeholders');
		});

		it('translates every template into German in l10n/bundle.l10n.de.json, keeping its placeholders, and keeps no stale ones', () => {
			const missing = [...used].filter((m) => typeof bundle[m] !== 'string');
			assert.deepEqual(missing, [], 'add these to l10n/bundle.l10n.de.json');
			const stale = Object.keys(bundle).filter((k) => !used.has(k));
			assert.deepEqual(stale, [], 'no t(...) call uses these any more: remove them from l10n/bundle.l10n.de.json');
			const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort().join();
			const changed = Object.entries(bundle).filter(([en, de]) => placeholders(en) !== placeholders(String(de))).map(([en]) => en);
			assert.deepEqual(changed, [], 'these German texts lose or add a {n} placeholder');
		});
	});

	describe('the rules themselves', () => {
		it('catch a literal message, button, title and webview label, and accept t(...) and icon-only text', () => {
			const badHost = [
				`void vscode.window.showInformationMessage('Flux: saved.');`,
				`void vscode.window.showWarningMessage(vscode.l10n.t('Flux: {0}', m), 'Retry');`,
				`void vscode.window.showErrorMessage(\`Flux: \${message}\`);`,
				`await vscode.window.showInputBox({ title: 'Rename', prompt: vscode.l10n.t('x') });`,
				`item.tooltip = 'Click me';`,
			].join('\n');
			assert.deepEqual(hostFindings('x.ts', badHost, { properties: true }).map((f) => f.line), [1, 2, 3, 4, 5]);
			const goodHost = [
				`void vscode.window.showInformationMessage(vscode.l10n.t('Flux: saved.'), open);`,
				`item.text = pin ? \`$(pinned) \${model}\` : \`$(sparkle) \${model}\`;`,
				`// vscode.window.showInformationMessage('in a comment');`,
			].join('\n');
			assert.deepEqual(hostFindings('x.ts', goodHost, { properties: true }), []);
			const badView = `button(doc, { label: 'Send', icon: 'send' });\nel.setAttribute('aria-label', \`Version \${n}\`);\nel.textContent = 'Loading';`;
			assert.deepEqual(webviewFindings('x.ts', badView).map((f) => f.line), [1, 2, 3]);
			assert.deepEqual(webviewFindings('x.ts', `button(doc, { label: t('Send'), icon: 'send' });\nmeter.textContent = \`\${percent}%\`;`), []);
		});

		it('read the templates of t(...) and vscode.l10n.t(...), and flag a template that is not a literal', () => {
			const { templates, dynamic } = templatesIn('x.ts', `t('It\\'s {0}', a); vscode.l10n.t("Say \\"hi\\""); l10n.t(\`no \${x}\`); export function t(message: string) {}`);
			assert.deepEqual(templates, ['It\'s {0}', 'Say "hi"']);
			assert.equal(dynamic.length, 1);
		});
	});

	describe('German', () => {
		const bundle = readJson('l10n/bundle.l10n.de.json') as Record<string, string>;
		afterEach(() => {
			l10n.config({ contents: {} });
			setL10nBundle({});
		});

		it('turns a host message German once @vscode/l10n has the bundle, and English without it', () => {
			const error = new FluxConfigError('noApiKey', 'no key');
			assert.match(describeError(error, 'flux-auto').message, /^No FluxRouter API key yet\./);
			l10n.config({ contents: bundle });
			assert.equal(describeError(error, 'flux-auto').message, 'Noch kein FluxRouter-API-Schlüssel. Legen Sie einen fest, um zu chatten (er wird im Geheimnisspeicher von VS Code aufbewahrt).');
		});

		it('turns a webview label German with the bundle from the page, filling in its placeholders', () => {
			assert.equal(webviewT('Version {0} of {1}', 2, 3), 'Version 2 of 3');
			setL10nBundle(bundle);
			assert.equal(webviewT('Send'), 'Senden');
			assert.equal(webviewT('Load earlier turns ({0} more)', 4), 'Frühere Züge laden (4 weitere)');
			assert.equal(webviewT('not in the bundle {0}', 'x'), 'not in the bundle x');
		});
	});
});
