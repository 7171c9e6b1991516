import * as assert from 'node:assert/strict';
import type { SearchRequest } from '../../../../src/tools/search/jsSearch';
import { planOfRequest, requestOfPlan } from '../../../../src/tools/search/searchPlan';

describe('search plan', () => {
	it('crosses to the worker and back without losing anything; the worker names folders by index', () => {
		const request: SearchRequest = {
			ripgrepPath: '/usr/bin/rg',
			folders: ['/work/api', '/work/web'],
			query: 'needle\\d',
			isRegex: true,
			caseSensitive: true,
			include: 'src/**/*.ts',
			exclude: ['**/dist/**'],
			useIgnoreFiles: false,
			maxFileBytes: 1024,
			maxHits: 20,
		};
		const plan = planOfRequest(request);
		assert.deepEqual({
			back: requestOfPlan(plan, request.ripgrepPath),
			folders: plan.folders,
			include: [plan.include?.glob, plan.include?.matches('src/a/b.ts'), plan.include?.matches('test/b.ts')],
			withoutInclude: planOfRequest({ ...request, include: undefined }).include,
		}, {
			back: request,
			folders: [{ folder: { name: '0', fsPath: '/work/api' }, realPath: '/work/api' }, { folder: { name: '1', fsPath: '/work/web' }, realPath: '/work/web' }],
			include: ['src/**/*.ts', true, false],
			withoutInclude: undefined,
		});
	});
});
