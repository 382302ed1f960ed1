// The TypeScript declarations beside each module declare exactly the module's exports.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

import { test } from "./support.mjs";

const DIRECTORY = new URL("../../../../autoconfigure/src/main/resources/META-INF/resources/ws-streams/", import.meta.url);

/**
 * The names a declaration file declares as values (functions, classes, constants).
 * @param {string} text the declaration file
 * @returns {string[]} the names, sorted
 */
function declaredValues(text) {
	const pattern = /^export\s+(?:declare\s+)?(?:abstract\s+)?(?:function|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm;
	return [...text.matchAll(pattern)].map((match) => match[1]).sort();
}

for (const name of ["ws-streams", "ws-streams-testing"]) {
	test(`${name}.d.ts declares every export of ${name}.js and nothing else`, async () => {
		const module = await import(new URL(`${name}.js`, DIRECTORY));
		const declarations = await readFile(new URL(`${name}.d.ts`, DIRECTORY), "utf8");
		const declared = declaredValues(declarations);
		assert.ok(declared.length > 3, `found declarations in ${name}.d.ts`);
		assert.deepEqual(declared, Object.keys(module).sort());
	});
}
