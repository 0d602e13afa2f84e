import { distance } from 'fastest-levenshtein';

/**
 * The likely intended name for a typo: the candidate closest to `wanted` (case-insensitive edit distance), when it
 * is close enough to be a slip of the keyboard (at most a third of the word, rounded up: a swap of two letters is two edits), else undefined.
 * Ties go to the first candidate, so callers list candidates in their preferred order.
 */
export function didYouMean(candidates: readonly string[], wanted: string): string | undefined {
  const folded = wanted.toLowerCase();
  const allowed = Math.max(1, Math.ceil(folded.length / 3));
  let best: { candidate: string; d: number } | undefined;
  for (const candidate of candidates) {
    const d = distance(candidate.toLowerCase(), folded);
    if (d <= allowed && (best === undefined || d < best.d)) best = { candidate, d };
  }
  return best?.candidate;
}

/**
 * Up to `max` candidates nearest to `wanted`: those containing it first, then by edit distance, then by name.
 * For "No X named Y. Closest: …" messages, which must not leave the user guessing among hundreds of names.
 */
export function closestNames(candidates: readonly string[], wanted: string, max: number): string[] {
  const folded = wanted.toLowerCase();
  return candidates
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      return { candidate, d: lower.includes(folded) ? 0 : distance(lower, folded) };
    })
    .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate))
    .slice(0, max)
    .map(({ candidate }) => candidate);
}

/** " Closest: a, b, c (n in all). Did you mean `a`?" for a name that matched nothing; " There are no <plural>." when empty. */
export function closeNamesSentence(candidates: readonly string[], wanted: string, plural: string, max = 5): string {
  if (candidates.length === 0) return ` There are no ${plural}.`;
  const guess = didYouMean(candidates, wanted);
  const close = closestNames(candidates, wanted, max);
  const more = candidates.length > max ? ` (${candidates.length} in all)` : '';
  return ` Closest: ${close.join(', ')}${more}.${didYouMeanSentence(guess)}`;
}

/** " Did you mean `x`?", or '' without a guess. */
export function didYouMeanSentence(guess: string | undefined): string {
  return guess === undefined ? '' : ` Did you mean \`${guess}\`?`;
}
