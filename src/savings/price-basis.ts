/**
 * The price every lakewarden USD figure uses, estimated and verified alike (databricks.md §2.2):
 * the list price actually billed (promotion-aware), without negotiated discounts.
 */
export const PRICE_BASIS =
  'list price (system.billing.list_prices pricing.effective_list.default, USD); negotiated discounts not included';
