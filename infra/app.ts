/** The CDK app (cdk.json: `node --import tsx infra/app.ts`). `npx cdk synth` is dev; `-c stage=prod` is prod. */
import { App } from 'aws-cdk-lib';
import { buildApp } from './build-app.js';

buildApp(new App());
