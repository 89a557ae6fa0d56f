import type { AdfDoc, AdfNode, AdfText } from '../document/adf.ts';

/** Returns a copy of an ADF document with the scrubber applied to every text node and link. */
export function scrubAdf(doc: AdfDoc, scrub: (text: string) => string): AdfDoc {
  return { ...doc, content: doc.content.map((node) => scrubNode(node, scrub) as AdfNode) };
}

function scrubNode(node: AdfNode | AdfText, scrub: (text: string) => string): AdfNode | AdfText {
  const copy: AdfNode = { ...node };
  if (typeof copy.text === 'string') copy.text = scrub(copy.text);
  if (copy.marks !== undefined) {
    copy.marks = copy.marks.map((m) => (m.attrs === undefined ? m : { ...m, attrs: { href: scrub(m.attrs.href) } }));
  }
  if (copy.content !== undefined) copy.content = copy.content.map((c) => scrubNode(c, scrub));
  return copy;
}
