// Back-to-back XML-RPC documents, as `xenctl serve --stdio` reads them: each may start with `<?xml ...?>`,
// whitespace between them is ignored.

const ROOT_END = '<\/method(?:Call|Response)\\s*>';

/** Longest root end tag text, whitespace aside: a search resumed this far back finds one cut by a chunk boundary. */
const ROOT_END_OVERLAP = '</methodResponse'.length;

/**
 * Complete documents, and what follows the last one (an incomplete document, or whitespace). A reader that appends
 * chunks to the rest passes the rest's length before the append as `scanFrom`: the text before it holds no end tag,
 * so a big document arriving in many chunks is searched once, not once per chunk.
 */
export function splitXmlRpcStream(text: string, scanFrom = 0): { documents: string[]; rest: string } {
  const documents: string[] = [];
  const re = new RegExp(ROOT_END, 'g');
  let from = Math.min(scanFrom, text.length);
  // `</methodCall   >` may be cut inside its whitespace.
  while (from > 0 && /\s/.test(text.charAt(from - 1))) from--;
  re.lastIndex = Math.max(0, from - ROOT_END_OVERLAP);
  let start = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const end = m.index + m[0].length;
    const doc = text.slice(start, end).trim();
    if (doc !== '') documents.push(doc);
    start = end;
  }
  return { documents, rest: text.slice(start) };
}

/** Every document in `text`; trailing text that is not blank comes last (and will fail to decode). */
export function splitXmlRpcDocuments(text: string): string[] {
  const { documents, rest } = splitXmlRpcStream(text);
  if (rest.trim() !== '') documents.push(rest.trim());
  return documents;
}
