#!/usr/bin/env node
// The last step of `npm run build:node` (and of the tests' global setup): the MCP tools' JSON Schemas,
// converted from the compiled contracts once, into out/node/electron/mcp/tool-list.json, so that a
// process's first tools/list need not convert them (electron/mcp/tool-list.ts). Run after tsc.
import { relative } from 'node:path';
import { contracts } from '../out/node/shared/contracts.js';
import { writeToolList } from '../out/node/electron/mcp/tool-list.js';

const { file, tools, bytes } = writeToolList(contracts);
console.log(`tool list: ${tools} tools, ${(bytes / 1024).toFixed(0)} KB → ${relative(process.cwd(), file)}`);
