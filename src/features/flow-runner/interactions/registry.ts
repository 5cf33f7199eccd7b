import type { ComponentType } from 'react';
import type { InteractionKind } from '@/protocol/flows/types';
import { CollectCredentials } from './collect-credentials';
import { DevicePanel } from './device-panel';
import { RedirectLauncher } from './redirect-launcher';
import { RequestEditor } from './request-editor';
import { SignInWait } from './sign-in-wait';
import { AutomaticCheck, AwaitCallback } from './status-only';
import type { InteractionProps } from './types';

/** The one map from what a step needs from a person to the component that asks for it. */
export const INTERACTIONS: Readonly<Record<InteractionKind, ComponentType<InteractionProps>>> = {
  request: RequestEditor,
  redirect: RedirectLauncher,
  'sign-in': SignInWait,
  'await-callback': AwaitCallback,
  'other-device': DevicePanel,
  credentials: CollectCredentials,
  automatic: AutomaticCheck,
};
