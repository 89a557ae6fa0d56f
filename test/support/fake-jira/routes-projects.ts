import { errorReply, type FakeRoute } from './route.ts';

/** GET /rest/api/3/project/{projectIdOrKey}: the projects the fake site has. */
export const projectRoutes: FakeRoute[] = [
  {
    method: 'GET',
    pattern: /^\/rest\/api\/3\/project\/([^/]+)$/,
    handle: (state, req) => {
      const wanted = decodeURIComponent(req.match[1] ?? '');
      const project = state.projects.find((p) => p.key === wanted || p.id === wanted);
      if (project === undefined) {
        return errorReply(404, [`No project could be found with key '${wanted}'.`]);
      }
      return {
        status: 200,
        body: {
          self: `${state.baseUrl}/rest/api/3/project/${project.id}`,
          id: project.id,
          key: project.key,
          name: project.name,
          projectTypeKey: 'software',
          // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-projectidorkey-get
          simplified: project.style === 'team-managed',
          style: project.style === 'team-managed' ? 'next-gen' : 'classic',
          isPrivate: false,
          properties: {},
          components: project.components.map((name, i) => ({
            id: String(10100 + i),
            name,
            self: `${state.baseUrl}/rest/api/3/component/${10100 + i}`,
          })),
        },
      };
    },
  },
];
