#!/usr/bin/env node
// npm run start:web: the station's services under Node with the browser harness on 127.0.0.1.
// Builds the renderer first if out/renderer is missing; prints the URL (with its per-run token).
import { runWebHarness } from './web-harness.mjs';

runWebHarness({ args: process.argv.slice(2) });
