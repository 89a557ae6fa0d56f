/**
 * The price every lakewarden USD figure uses, estimated and verified alike
 * (https://docs.databricks.com/aws/en/admin/system-tables/pricing): the list price actually billed
 * (promotion-aware). A negotiated price, when configured, is shown beside estimates, never instead (docs/savings.md).
 */
export const PRICE_BASIS =
  'list price (system.billing.list_prices pricing.effective_list.default, USD); negotiated prices only in the columns marked effective';
