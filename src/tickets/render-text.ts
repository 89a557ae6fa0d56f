import Mustache from 'mustache';

/**
 * Renders one Mustache template to plain text (no HTML escaping: the ADF and Markdown renderers escape for
 * their own formats). Whitespace runs, including YAML folding leftovers, collapse to one space.
 */
export function renderText(template: string, context: object): string {
  const text = Mustache.render(template, context, {}, { escape: (value: unknown) => String(value) });
  return text.replace(/\s+/g, ' ').trim();
}
