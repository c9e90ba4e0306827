/**
 * XML from Amazon (MWS replies, IPN NotificationData) into plain objects, via
 * fast-xml-parser (optional peer dependency). Namespaces are dropped, text is
 * kept as strings (amounts must not become floats), and documents with a
 * DOCTYPE are refused outright: Amazon never sends one, and refusing it rules
 * out entity-expansion tricks.
 */
import { AmazonPayError } from '../../domain/errors';
import { optionalPeer } from './optional-peer';

export type XmlNode = string | { readonly [name: string]: XmlNode | readonly XmlNode[] };

/** Elements that repeat; always parsed as arrays. */
const REPEATED = new Set(['Constraint', 'Id', 'member']);

const loadParser = optionalPeer('fast-xml-parser', async () => {
  const { XMLParser, XMLValidator } = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ 'fast-xml-parser');
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    isArray: (name) => REPEATED.has(name),
  });
  return { parser, validate: (xml: string) => XMLValidator.validate(xml) === true };
});

/** Resolves once fast-xml-parser is loaded; rejects (MissingPeerDependency, with the npm command) when it is not installed. */
export async function xmlParserReady(): Promise<void> {
  await loadParser();
}

function malformed(message: string, cause?: unknown): AmazonPayError {
  return new AmazonPayError('malformed', message, { code: 'MalformedXml', cause, retryable: false });
}

/** Parses a whole document; rejects with kind `malformed` on anything that is not well-formed XML. */
export async function parseXml(xml: string): Promise<Record<string, XmlNode>> {
  const { parser, validate } = await loadParser();
  if (/<!DOCTYPE/i.test(xml)) throw malformed('Amazon replies never carry a DOCTYPE; refusing the document.');
  if (!xml.trim().startsWith('<') || !validate(xml)) throw malformed('The reply is not well-formed XML.');
  try {
    return parser.parse(xml) as Record<string, XmlNode>;
  } catch (cause) {
    throw malformed('The reply is not well-formed XML.', cause);
  }
}

export function isElement(node: XmlNode | readonly XmlNode[] | undefined): node is { readonly [name: string]: XmlNode } {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** The child element `name`, or undefined. */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  if (!isElement(node)) return undefined;
  const value = node[name];
  return Array.isArray(value) ? (value[0] as XmlNode | undefined) : (value as XmlNode | undefined);
}

/** Every child element `name` (repeated elements). */
export function children(node: XmlNode | undefined, name: string): readonly XmlNode[] {
  if (!isElement(node)) return [];
  const value = node[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as XmlNode];
}

/** The text of the child element `name` (empty elements give ''), or undefined when absent. */
export function text(node: XmlNode | undefined, name: string): string | undefined {
  const value = child(node, name);
  return typeof value === 'string' ? value : undefined;
}

/** Like {@link text}, but a missing element is a `malformed` error naming it. */
export function requiredText(node: XmlNode | undefined, name: string, where: string): string {
  const value = text(node, name);
  if (value === undefined || value === '') throw malformed(`${where} has no ${name}.`);
  return value;
}
