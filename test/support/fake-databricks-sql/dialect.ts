/**
 * The one place where the test endpoint's engine (DuckDB) and Databricks SQL differ for the constructs lakewarden's
 * registered statements use. Statements are written in the subset both accept where one exists (e.g.
 * `CAST(ts AS DATE)`, `:end + INTERVAL 1 DAY`, `COUNT_IF`, `QUALIFY`, `GROUPING SETS`, struct field access, map
 * subscripts); what remains is rewritten here, each with its reason:
 *
 * | Databricks SQL | DuckDB | Why there is no common form |
 * |---|---|---|
 * | catalog `system` | catalog `dbx_system` | DuckDB reserves the catalog name `system` |
 * | `LATERAL VIEW explode(arr) t AS col` | `CROSS JOIN LATERAL (SELECT unnest(arr) AS col) t` | DuckDB has no LATERAL VIEW / explode |
 * | `sequence(a, b, step)` | `generate_series(a, b, step)` | different names (both include the end) |
 * | `timestampdiff(SECOND, a, b)` | `date_diff('second', a, b)` | DuckDB has no timestampdiff; Databricks' unit is a keyword, DuckDB's a string |
 * | `percentile_approx(x, p)` | `approx_quantile(x, p)` | different names |
 * | `details:a.b.c` (JSON path on a JSON string or VARIANT column) | `json_extract(details, '$.a.b.c')` | DuckDB has no `:` path operator |
 * | `x.usage_quantity * p.pricing.effective_list.default` (DECIMAL(38,18) × DECIMAL(38,18)) | the same operands cast to DECIMAL(38,12), product cast to DECIMAL(38,6) | Spark narrows the product to DECIMAL(38,6) (spark.sql.decimalOperations.allowPrecisionLoss, the default); DuckDB keeps scale 36 and overflows |
 *
 * Result transport: the endpoint answers ARROW_BASED_SET like a warehouse, with DECIMAL columns as Arrow Utf8 (what
 * Databricks sends when decimals are not native Arrow); the driver hands lakewarden the same exact decimal string.
 */
export function toDuckDbSql(sql: string): string {
  let out = sql.replace(
    /\bsystem\.(billing|compute|lakeflow|lakeflow_pipeline_events_preview|query|storage|access)\./g,
    'dbx_system.$1.',
  );
  out = out.replace(/\b([A-Za-z_]\w*):([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)/g, "json_extract($1, '$$.$2')");
  out = rewriteLateralViews(out);
  out = out.replace(/\bsequence\(/g, 'generate_series(');
  out = out.replace(/\btimestampdiff\(\s*SECOND\s*,/gi, "date_diff('second',");
  out = out.replace(/\bpercentile_approx\(/gi, 'approx_quantile(');
  out = out.replace(
    /\b(\w+)\.usage_quantity \* (\w+)\.pricing\.effective_list\.default\b/g,
    'CAST(CAST($1.usage_quantity AS DECIMAL(38,12)) * CAST($2.pricing.effective_list.default AS DECIMAL(38,12)) AS DECIMAL(38,6))',
  );
  return out;
}

/** `LATERAL VIEW explode(<expr with balanced parentheses>) <alias> AS <column>` → a DuckDB lateral join. */
function rewriteLateralViews(sql: string): string {
  let out = '';
  let rest = sql;
  for (;;) {
    const match = /LATERAL VIEW explode\(/i.exec(rest);
    if (match === null) return out + rest;
    out += rest.slice(0, match.index);
    let depth = 1;
    let i = match.index + match[0].length;
    const start = i;
    for (; i < rest.length && depth > 0; i++) {
      if (rest[i] === '(') depth++;
      else if (rest[i] === ')') depth--;
    }
    const expression = rest.slice(start, i - 1);
    const tail = /^\s+(\w+)\s+AS\s+(\w+)/i.exec(rest.slice(i));
    if (tail === null)
      throw new Error(`dialect: LATERAL VIEW without "<alias> AS <column>" near ${rest.slice(i, i + 40)}`);
    out += `CROSS JOIN LATERAL (SELECT unnest(${toDuckDbSql(expression)}) AS ${tail[2]}) ${tail[1]}`;
    rest = rest.slice(i + tail[0].length);
  }
}
