import { readFile } from 'node:fs/promises';
import type { NegotiatedPricesSection } from '../config/savings-section.ts';
import { ConfigError, InputError } from '../errors.ts';
import type { NegotiatedPrices } from '../snapshot/negotiated-prices.ts';

/**
 * The account's negotiated prices from `savings.negotiatedPrices`: the discounts as configured and the rows of
 * `effectivePriceFile` (a path already resolved against the config file's folder). Undefined when neither is set
 * (every figure at list price).
 * @throws ConfigError when the file cannot be read or a row is malformed (file, line and column named).
 */
export async function loadNegotiatedPrices(section: NegotiatedPricesSection): Promise<NegotiatedPrices | undefined> {
  const file = section.effectivePriceFile;
  if (file === undefined) {
    if (Object.keys(section.discounts).length === 0) return undefined;
    return { discounts: section.discounts, effectivePrices: [], source: 'configured discounts' };
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `savings.negotiatedPrices.effectivePriceFile: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  // The CSV parser loads only when an effective-price file is configured.
  const { parseEffectivePriceFile } = await import('../config/effective-price-file.ts');
  try {
    const rows = parseEffectivePriceFile(text, file);
    const name = file.split(/[\\/]/).at(-1) ?? file;
    return { discounts: section.discounts, effectivePrices: rows, source: `effective-price file ${name}` };
  } catch (error) {
    if (error instanceof InputError)
      throw new ConfigError(`savings.negotiatedPrices.effectivePriceFile: ${error.message}`);
    throw error;
  }
}
