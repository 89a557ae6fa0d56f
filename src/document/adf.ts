/**
 * Atlassian Document Format types (the subset lakewarden renders). Rules from the published schema
 * (`@atlaskit/adf-schema` json-schema/v1/full.json): `version: 1` required, text nodes non-empty, table
 * cells hold block nodes, `code` marks never combined with other formatting marks (https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/).
 */
export interface AdfMark {
  type: 'strong' | 'em' | 'code' | 'link';
  attrs?: { href: string };
}
export interface AdfText {
  type: 'text';
  text: string;
  marks?: AdfMark[];
}
export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: Array<AdfNode | AdfText>;
  text?: string;
  marks?: AdfMark[];
}
export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}
