import type { Plugin } from 'esbuild';

export interface OnDemandPackage {
  owner: string;
  callable: boolean;
}
export declare const ON_DEMAND_KEY: string;
export declare const ON_DEMAND_PACKAGES: ReadonlyMap<string, OnDemandPackage>;
export declare function onDemandStandIn(name: string, options: OnDemandPackage): string;
export declare const packagesOnDemand: Plugin;
export declare const axiosWebGlobalsOnDemand: Plugin;
export declare const defaultAlertRulesRead: Plugin;
