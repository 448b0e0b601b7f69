// Types of start-plan.js (plain JavaScript, so `npm start` runs it before anything is built).
export declare const TS_WORKSPACES: string[];
export declare function newestMtime(path: string): number;
export declare function isFresh(output: string, inputs: string[]): boolean;
export interface StartPlan {
  buildWeb: boolean;
  runFrom: 'dist' | 'source';
  stale: string[];
}
export declare function planStart(root: string): StartPlan;
