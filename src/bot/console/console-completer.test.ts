import { describe, expect, it } from 'vitest';
import { pipelineCommands } from '../../handlers/commands/pipeline-commands.js';
import { type CompletionContext, completeConsoleLine } from './console-completer.js';

const context: CompletionContext = {
  command: '/pipeline',
  patterns: pipelineCommands.map((spec) => spec.pattern),
  names: { inputs: ['mixpanel_engage_one', 'my input'], eventTypes: ['PUBLIC.ORDERS', 'PUBLIC.USERS'] },
  users: ['alice', 'bob'],
};
const complete = (line: string) => completeConsoleLine(line, context);

describe('console tab completion', () => {
  it('completes console commands and the slash command', () => {
    expect(complete('')[0]).toContain('/pipeline');
    expect(complete('ho')).toEqual([['home'], 'ho']);
    expect(complete('as b')).toEqual([['bob'], 'b']);
  });

  it('completes subcommands word by word from the command specs', () => {
    expect(complete('/pipeline inp')).toEqual([['input'], 'inp']);
    expect(complete('/pipeline input p')[0]).toEqual(['pause']);
    expect(complete('/pipeline mapping PUBLIC.ORDERS mo')[0]).toEqual(['mode']);
    expect(complete('/pipeline mapping PUBLIC.ORDERS mode ')[0]).toEqual(['AUTO_MAP', 'FLEXIBLE', 'STRICT']);
  });

  it('offers input and event-type names where a command takes one, quoted when they hold a space', () => {
    expect(complete('/pipeline input pause m')[0]).toEqual(['"my input"', 'mixpanel_engage_one']);
    expect(complete('/pipeline mapping show PUBLIC.U')[0]).toEqual(['PUBLIC.USERS']);
    expect(complete('sandbox mode PUBLIC.O')[0]).toEqual(['PUBLIC.ORDERS']);
    expect(complete('sandbox fail 500 ')[0]).toEqual(['--reads']);
  });
});
