import type { Workspace } from '../schema.ts';
import type { Team } from './names.ts';

/** A synthetic workspace: the snapshot's workspace record plus its pricing tier and the teams working in it. */
export interface SyntheticWorkspace {
  workspace: Workspace;
  /** Pricing tier prefix of its SKUs, e.g. PREMIUM. */
  tier: 'PREMIUM' | 'ENTERPRISE';
  teams: readonly Team[];
  /** Worker/driver node types with DBU per hour per node (all-purpose and jobs rates are the same DBU count). */
  nodeTypes: ReadonlyArray<{ id: string; dbuPerHour: number; memoryGb: number }>;
}

const AWS_NODES = [
  { id: 'm5d.xlarge', dbuPerHour: 0.69, memoryGb: 16 },
  { id: 'm5d.2xlarge', dbuPerHour: 1.37, memoryGb: 32 },
  { id: 'i3.xlarge', dbuPerHour: 1, memoryGb: 30.5 },
  { id: 'i3.2xlarge', dbuPerHour: 2, memoryGb: 61 },
  { id: 'r5d.2xlarge', dbuPerHour: 1.37, memoryGb: 64 },
  { id: 'c5d.4xlarge', dbuPerHour: 2.43, memoryGb: 32 },
];
const AZURE_NODES = [
  { id: 'Standard_DS3_v2', dbuPerHour: 0.75, memoryGb: 14 },
  { id: 'Standard_DS4_v2', dbuPerHour: 1.5, memoryGb: 28 },
  { id: 'Standard_D8ds_v5', dbuPerHour: 2, memoryGb: 32 },
  { id: 'Standard_E8ds_v4', dbuPerHour: 2, memoryGb: 64 },
  { id: 'Standard_F16s_v2', dbuPerHour: 3, memoryGb: 32 },
];

/** The four workspaces of the synthetic account: two on AWS, two on Azure, in different regions. */
export const SYNTHETIC_WORKSPACES: readonly SyntheticWorkspace[] = [
  {
    workspace: {
      id: '1234567890123456',
      name: 'prod-us-east',
      host: 'https://dbc-7f3a9c21-5e0b.cloud.databricks.com',
      cloud: 'AWS',
      region: 'us-east-1',
    },
    tier: 'PREMIUM',
    teams: ['payments', 'data-eng', 'analytics'],
    nodeTypes: AWS_NODES,
  },
  {
    workspace: {
      id: '2345678901234567',
      name: 'analytics-eu',
      host: 'https://dbc-2c8e4d10-91af.cloud.databricks.com',
      cloud: 'AWS',
      region: 'eu-west-1',
    },
    tier: 'PREMIUM',
    teams: ['analytics', 'marketing', 'data-eng'],
    nodeTypes: AWS_NODES,
  },
  {
    workspace: {
      id: '4839201756483920',
      name: 'finance-westeurope',
      host: 'https://adb-4839201756483920.12.azuredatabricks.net',
      cloud: 'AZURE',
      region: 'westeurope',
    },
    tier: 'PREMIUM',
    teams: ['finance-bi', 'payments'],
    nodeTypes: AZURE_NODES,
  },
  {
    workspace: {
      id: '7712093846571203',
      name: 'ml-eastus2',
      host: 'https://adb-7712093846571203.3.azuredatabricks.net',
      cloud: 'AZURE',
      region: 'eastus2',
    },
    tier: 'PREMIUM',
    teams: ['ml-platform', 'data-eng', 'marketing'],
    nodeTypes: AZURE_NODES,
  },
];
