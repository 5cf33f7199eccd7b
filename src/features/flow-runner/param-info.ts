import { findParameter, type ParamInfo } from '@/protocol/params-catalog';

export type ParameterInfo = ParamInfo;

export function lookupParameter(name: string): ParamInfo | undefined {
  return findParameter(name);
}
