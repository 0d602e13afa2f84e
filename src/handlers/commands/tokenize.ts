/**
 * Splits slash-command text into words. Double or single quotes group words ("my input"). Slack sends
 * `&`, `<`, `>` escaped in command text even with should_escape off, so those are unescaped first.
 */
export function tokenize(text: string): string[] {
  const unescaped = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const tokens: string[] = [];
  const word = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const match of unescaped.matchAll(word)) {
    tokens.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return tokens;
}
