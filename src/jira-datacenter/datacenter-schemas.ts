import { z } from 'zod';

/**
 * The parts of Jira Data Center REST v2 answers lakewarden reads (minimal and permissive: unknown keys pass,
 * bad optional values fall back). Users are identified by `name` (the username; Data Center has no accountId).
 * @see https://docs.atlassian.com/software/jira/docs/api/REST/latest/
 */

/** A user (`/myself`, `/user`, `/user/search`, authors): `name` is what lakewarden stores as the "account id". */
export const DcUser = z
  .object({
    name: z.string(),
    key: z.string().optional().catch(undefined),
    displayName: z.string().optional().catch(undefined),
    emailAddress: z.string().optional().catch(undefined),
    active: z.boolean().optional().catch(undefined),
  })
  .loose();
export type DcUser = z.infer<typeof DcUser>;

/** `GET /rest/api/2/user?username=&expand=groups`: the user with its groups by name. */
export const DcUserWithGroups = DcUser.extend({
  groups: z
    .object({ items: z.array(z.object({ name: z.string() }).loose()).catch([]) })
    .optional()
    .catch(undefined),
});

/** `GET /rest/api/2/serverInfo`. */
export const DcServerInfo = z
  .object({
    deploymentType: z.string().optional().catch(undefined),
    version: z.string().optional().catch(undefined),
    versionNumbers: z.array(z.number()).optional().catch(undefined),
  })
  .loose();

/** An issue as search or GET returns it (fields are read by `toTrackedIssue` and the approval reads). */
export const DcIssue = z
  .object({
    id: z.string(),
    key: z.string(),
    fields: z.record(z.string(), z.unknown()).optional().catch(undefined),
    changelog: z
      .object({
        total: z.number().optional().catch(undefined),
        histories: z
          .array(
            z
              .object({
                id: z.string().catch(''),
                author: DcUser.optional().catch(undefined),
                created: z.string().catch(''),
                items: z
                  .array(
                    z
                      .object({
                        field: z.string().catch(''),
                        from: z.string().nullable().catch(null),
                        fromString: z.string().nullable().catch(null),
                        to: z.string().nullable().catch(null),
                        toString: z.string().nullable().catch(null),
                      })
                      .loose(),
                  )
                  .catch([]),
              })
              .loose(),
          )
          .catch([]),
      })
      .optional()
      .catch(undefined),
  })
  .loose();
export type DcIssue = z.infer<typeof DcIssue>;

/** `POST /rest/api/2/search`: offset paging with `total`. */
export const DcSearchPage = z.object({
  startAt: z.number().catch(0),
  total: z.number().catch(0),
  issues: z.array(DcIssue).catch([]),
});

/** `GET /rest/api/2/issue/{id}/properties/{key}`. */
export const DcProperty = z.object({ key: z.string(), value: z.unknown() });

/** `GET /rest/api/2/issue/{id}/comment`: wiki-markup string bodies. */
export const DcCommentPage = z.object({
  startAt: z.number().catch(0),
  total: z.number().catch(0),
  comments: z
    .array(
      z
        .object({
          id: z.string(),
          author: DcUser.optional().catch(undefined),
          body: z.string().catch(''),
          created: z.string().catch(''),
        })
        .loose(),
    )
    .catch([]),
});

/** `GET /rest/api/2/issue/createmeta/{project}/issuetypes[/{id}]`: DC pages its `values`. */
export const DcCreateMetaPage = z.object({
  total: z.number().optional().catch(undefined),
  isLast: z.boolean().optional().catch(undefined),
  values: z.array(z.record(z.string(), z.unknown())).catch([]),
});

/** `GET /rest/api/2/issue/{id}/editmeta`. */
export const DcEditMeta = z.object({ fields: z.record(z.string(), z.unknown()).catch({}) });

/** `GET /rest/api/2/issue/{id}/transitions?expand=transitions.fields`. */
export const DcTransitions = z.object({ transitions: z.array(z.unknown()).catch([]) });

/** `GET /rest/api/2/field`. */
export const DcFields = z.array(
  z
    .object({
      id: z.string(),
      name: z.string().catch(''),
      custom: z.boolean().catch(false),
      schema: z.object({ custom: z.string().optional() }).loose().optional().catch(undefined),
    })
    .loose(),
);

/** `GET /rest/api/2/project/{key}/statuses`: statuses per issue type. */
export const DcProjectStatuses = z.array(
  z
    .object({
      name: z.string().catch(''),
      statuses: z
        .array(
          z
            .object({
              name: z.string(),
              statusCategory: z
                .object({ key: z.string().catch('') })
                .loose()
                .optional()
                .catch(undefined),
            })
            .loose(),
        )
        .catch([]),
    })
    .loose(),
);

/** `GET /rest/api/2/project/{key}`. */
export const DcProject = z
  .object({
    id: z.string(),
    name: z.string().catch(''),
    components: z.array(z.object({ name: z.string() }).loose()).catch([]),
  })
  .loose();

/** A filter (`GET /rest/api/2/filter/favourite`, `POST /rest/api/2/filter`). */
export const DcFilter = z.object({ id: z.string(), name: z.string().catch(''), jql: z.string().catch('') }).loose();

/** `{ id }` answers (created field, created issue). */
export const DcCreated = z.object({ id: z.string() }).loose();
