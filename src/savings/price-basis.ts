/**
 * The price every lakewarden USD figure uses, estimated and verified alike (https://docs.databricks.com/aws/en/admin/system-tables/pricing):
 * the list price actually billed (promotion-aware), without negotiated discounts.
 */
export const PRICE_BASIS =
  'list price (system.billing.list_prices pricing.effective_list.default, USD); negotiated discounts not included';
