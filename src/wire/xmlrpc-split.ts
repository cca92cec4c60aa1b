// Back-to-back XML-RPC documents, as `xenctl serve --stdio` reads them: each may start with `<?xml ...?>`,
// whitespace between them is ignored.

const ROOT_END = '<\/method(?:Call|Response)\\s*>';

/** Complete documents, and what follows the last one (an incomplete document, or whitespace). */
export function splitXmlRpcStream(text: string): { documents: string[]; rest: string } {
  const documents: string[] = [];
  const re = new RegExp(ROOT_END, 'g');
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
