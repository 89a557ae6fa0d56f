/** lakewarden's version (kept equal to package.json by a test); sent in the Databricks User-Agent. */
export const VERSION = '0.1.0';
