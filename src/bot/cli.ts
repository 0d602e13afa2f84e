import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  asPyException,
  type CompiledPipeline,
  compileSteps,
  EventShapeError,
  jsonDumps,
  PyDict,
  type PyValue,
  parseEventJson,
  parseJson,
  pyRepr,
  runSteps,
  STEP_FUNCTIONS,
  StepValidationError,
  stepSignature,
} from '../transforms/index.js';
import { runAuditExport } from './cli-audit-export.js';
import { runImportPglite } from './cli-import-pglite.js';
import { runSamplesSave } from './cli-samples-save.js';
import { ConfigError } from './config.js';

/** Where the CLI reads and writes; the real process streams, or fakes in tests. */
export interface CliIo {
  readonly stdin: AsyncIterable<string | Buffer>;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** The environment `samples save` reads the pipeline settings from; process.env when omitted. */
  readonly env?: Record<string, string | undefined>;
}

export const USAGE = `Usage:
  pipeops transform run --steps <steps.json> [--output json|repr] < events.jsonl
  pipeops transform run --fn <name> [--args '<json object>'] [--output json|repr] < events.jsonl
  pipeops transform functions
  pipeops samples save <event type> | --all [--dir <dir>]
  pipeops db import-pglite        (copies an older pipeops' PGlite data into SQLite; PIPEOPS_DATA_DIR)
  pipeops audit export [--since <2d|2026-11-30>] > audit.jsonl

Reads one JSON event per line from stdin and prints one line per output event: Python's json.dumps(event)
(--output json, the default) or repr(event) (--output repr). An event whose transform raises prints
{"error": "<ExceptionType>: <message>", "step": <0-based index>, "fn": "<name>", "line": <input line>}.
Exit status: 0 when every event went through, 1 when some event raised, 2 on bad usage.

samples save writes the pipeline's samples of an event type (or of every event type with --all) to
<dir>/event_<name>.json (default dir: samples), one JSON event per line, unmasked, ready for transform run.
The pipeline is PIPELINE_URL / PIPELINE_API_KEY / PIPELINE_ACCOUNT, or the embedded sandbox without PIPELINE_URL.
Exit status: 0 when saved, 1 when the pipeline or the event type is the problem, 2 on bad usage.

audit export writes the audit log (oldest first, optionally only since a duration or a date) as one JSON object
per line: id, at, actor, action, change_id, resource, summary, outcome, detail, diff. The database is DATABASE_URL,
or the SQLite file in PIPEOPS_DATA_DIR (readable while the bot runs). Exit status: 0 when written, 1 without a
database, 2 on bad usage.
`;

/** Bad command-line usage: reported on stderr with the usage text, exit status 2. */
class UsageError extends Error {}

const RunOptionsSchema = z
  .strictObject({
    steps: z.string().min(1).optional(),
    fn: z.string().min(1).optional(),
    args: z.string().optional(),
    output: z.enum(['json', 'repr']).default('json'),
  })
  .refine((o) => (o.steps === undefined) !== (o.fn === undefined), { message: 'give exactly one of --steps or --fn' })
  .refine((o) => o.args === undefined || o.fn !== undefined, { message: '--args goes with --fn' });
type RunOptions = z.infer<typeof RunOptionsSchema>;

const CommandSchema = z.union([
  z.tuple([z.literal('transform'), z.literal('run')]),
  z.tuple([z.literal('transform'), z.literal('functions')]),
  z.tuple([z.literal('samples'), z.literal('save')]),
  z.tuple([z.literal('samples'), z.literal('save'), z.string().min(1)]),
  z.tuple([z.literal('db'), z.literal('import-pglite')]),
  z.tuple([z.literal('audit'), z.literal('export')]),
]);

const SamplesSaveOptionsSchema = z
  .strictObject({ all: z.boolean().optional(), dir: z.string().min(1).default('samples') })
  .transform((o) => ({ all: o.all === true, dir: o.dir }));

const AuditExportOptionsSchema = z.strictObject({ since: z.string().min(1).optional() });

/** Runs the CLI and resolves to the process exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseCommandLine(argv);
    if (values.help === true) {
      io.stdout.write(USAGE);
      return 0;
    }
    const command = CommandSchema.safeParse(positionals);
    if (!command.success) throw new UsageError(`unknown command: ${positionals.join(' ') || '(none)'}`);
    const { help: _help, ...rest } = values;
    if (command.data[0] === 'db') return await runImportPglite(io.env ?? process.env, io);
    if (command.data[0] === 'audit') {
      const options = AuditExportOptionsSchema.safeParse(rest);
      if (!options.success) throw new UsageError('audit export takes only --since');
      return await runAuditExport(options.data, io.env ?? process.env, io);
    }
    if (command.data[0] === 'samples') {
      const options = SamplesSaveOptionsSchema.safeParse(rest);
      if (!options.success) throw new UsageError(options.error.issues.map((issue) => issue.message).join('; '));
      const eventType = command.data[2] ?? null;
      if ((eventType === null) === !options.data.all) throw new UsageError('give one event type or --all');
      try {
        return await runSamplesSave({ eventType, ...options.data }, io.env ?? process.env, io);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        io.stderr.write(`pipeops: ${error.message}\n`);
        return 2;
      }
    }
    if (command.data[1] === 'functions') {
      if (Object.keys(rest).length > 0) throw new UsageError('transform functions takes no options');
      io.stdout.write(listFunctions());
      return 0;
    }
    const options = RunOptionsSchema.safeParse(rest);
    if (!options.success) throw new UsageError(options.error.issues.map((issue) => issue.message).join('; '));
    const pipeline = await loadPipeline(options.data);
    return await transformStream(pipeline, options.data.output, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`pipeops: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof StepValidationError) {
      io.stderr.write(`pipeops: invalid steps:\n${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        steps: { type: 'string' },
        fn: { type: 'string' },
        args: { type: 'string' },
        output: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        all: { type: 'boolean' },
        dir: { type: 'string' },
        since: { type: 'string' },
      },
    });
  } catch (error) {
    // node:util parseArgs reports unknown options and missing option values as TypeErrors.
    throw new UsageError((error as Error).message);
  }
}

function listFunctions(): string {
  return STEP_FUNCTIONS.map((fn) => `${stepSignature(fn)}\n    ${fn.summary}\n`).join('');
}

async function loadPipeline(options: RunOptions): Promise<CompiledPipeline> {
  if (options.steps !== undefined) {
    let text: string;
    try {
      text = await readFile(options.steps, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${options.steps}: ${(error as Error).message}`);
    }
    return compileSteps(parsePyJson(text, `--steps ${options.steps}`));
  }
  const args = options.args === undefined ? new PyDict() : parsePyJson(options.args, '--args');
  if (!(args instanceof PyDict)) throw new UsageError('--args must be a JSON object');
  return compileSteps([
    PyDict.fromEntries([
      ['fn', options.fn ?? ''],
      ['args', args],
    ]),
  ]);
}

function parsePyJson(text: string, what: string): PyValue {
  try {
    return parseJson(text);
  } catch (error) {
    const py = asPyException(error);
    if (py === undefined) throw error;
    throw new UsageError(`${what} is not valid JSON: ${py.toString()}`);
  }
}

/** Splits a text stream into lines (LF or CRLF), without holding more than one chunk in memory. */
async function* lines(input: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf('\n');
    let start = 0;
    while (newline >= 0) {
      yield pending.slice(start, newline > start && pending[newline - 1] === '\r' ? newline - 1 : newline);
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending !== '') yield pending.endsWith('\r') ? pending.slice(0, -1) : pending;
}

/** Buffers output and respects back-pressure, so a large input streams at a steady memory footprint. */
class LineWriter {
  private buffer: string[] = [];
  private size = 0;
  private readonly out: NodeJS.WritableStream;

  constructor(out: NodeJS.WritableStream) {
    this.out = out;
  }

  async write(line: string): Promise<void> {
    this.buffer.push(line, '\n');
    this.size += line.length + 1;
    if (this.size >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.out.write(text)) await new Promise<void>((resolve) => this.out.once('drain', () => resolve()));
  }
}

async function transformStream(pipeline: CompiledPipeline, output: 'json' | 'repr', io: CliIo): Promise<number> {
  const writer = new LineWriter(io.stdout);
  let lineNumber = 0;
  let failed = false;
  const fail = async (fields: [string, PyValue][]): Promise<void> => {
    failed = true;
    await writer.write(jsonDumps(PyDict.fromEntries([...fields, ['line', lineNumber]])));
  };
  for await (const line of lines(io.stdin)) {
    lineNumber++;
    if (line.trim() === '') continue;
    let event: PyDict;
    try {
      event = parseEventJson(line);
    } catch (error) {
      if (error instanceof EventShapeError) await fail([['error', error.message]]);
      else await fail([['error', pyErrorText(error)]]);
      continue;
    }
    const result = runSteps(pipeline, event);
    if (!result.ok) {
      const { error, stepIndex, fn } = result.failure;
      await fail([
        ['error', error],
        ['step', stepIndex],
        ['fn', fn],
      ]);
      continue;
    }
    let rendered: string[];
    try {
      rendered = result.events.map((out) => (output === 'json' ? jsonDumps(out) : pyRepr(out)));
    } catch (error) {
      await fail([['error', pyErrorText(error)]]);
      continue;
    }
    for (const text of rendered) await writer.write(text);
  }
  await writer.flush();
  return failed ? 1 : 0;
}

function pyErrorText(error: unknown): string {
  const py = asPyException(error);
  if (py === undefined) throw error;
  return py.toString();
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  });
}
