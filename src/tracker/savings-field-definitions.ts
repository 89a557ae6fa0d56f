/** Jira's number custom field type and searcher (range operators in JQL need a number searcher, https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-fields/#api-rest-api-3-field-post). */
export const NUMBER_FIELD_TYPE = 'com.atlassian.jira.plugin.system.customfieldtypes:float';
export const NUMBER_FIELD_SEARCHER = 'com.atlassian.jira.plugin.system.customfieldtypes:exactnumber';

/** The number fields lakewarden writes, with the `jira.fields` config key each one fills. */
export const SAVINGS_FIELDS = [
  {
    configKey: 'estimatedSavings',
    name: 'Estimated monthly savings (USD)',
    description: 'lakewarden: estimated list-cost savings in USD per month, set when the finding is filed.',
  },
  {
    configKey: 'verifiedSavings',
    name: 'Verified monthly savings (USD)',
    description:
      'lakewarden: savings measured from billing usage (14 days before vs after the change), USD per month; negative = cost increased.',
  },
  {
    configKey: 'excessCost',
    name: 'Excess monthly cost (USD)',
    description:
      'lakewarden: cost above the resource baseline in USD per month on anomaly findings (cost spikes, drift); not a saving.',
  },
] as const;

export type SavingsFieldKey = (typeof SAVINGS_FIELDS)[number]['configKey'];
