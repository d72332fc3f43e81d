/**
 * Sign-in for the API's frontends: an Amazon Cognito user pool, its web app client and the
 * `admin` group of the back office. The API's default auth mode is this pool (graphql-api.ts);
 * a user owns the profile named by their username (resolvers/lib/auth.ts).
 *
 * - Username sign-in, case-insensitive (`Ann` signs in as `ann`); a required email, verified by a
 *   code before the account works, and kept as it was until a new one is verified too, so the
 *   email on an account is always one its user proved to receive (addUser stores exactly that).
 * - Self sign-up, with a PreSignUp trigger (functions/pre-sign-up) that refuses usernames whose
 *   profile exists (the original services' users, until the migration gives them accounts) and
 *   usernames the API cannot give a profile.
 * - A password policy of the stage's length with every character class; optional TOTP MFA
 *   (authenticator apps; no SMS, which needs an SNS role and costs per message); recovery by email.
 * - One app client for web and mobile frontends: no secret (it ships in the app), SRP sign-in and
 *   refresh only, the stage's token lifetimes, revocation on, no user-existence errors, no OAuth
 *   (no hosted UI domain: sign-in is the app's own).
 * - The stage's deletion protection and removal policy (prod: protected, retained).
 */
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccountRecovery, Mfa, UserPool, type UserPoolClient, type UserPoolGroup } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ADMIN_GROUP } from '../../resolvers/lib/callers.js';
import type { PowertoolsLogLevel, UserPoolSettings } from '../config.js';
import { NodeFunction } from './node-function.js';

export interface UsersOrdersUserPoolProps {
  readonly name: string;
  readonly settings: UserPoolSettings;
  /** The users-and-orders table, read by the PreSignUp trigger (profiles by username). */
  readonly table: ITable;
  readonly logLevel: PowertoolsLogLevel;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

export class UsersOrdersUserPool extends Construct {
  readonly userPool: UserPool;
  readonly webClient: UserPoolClient;
  readonly adminGroup: UserPoolGroup;
  readonly preSignUp: NodeFunction;

  constructor(scope: Construct, id: string, props: UsersOrdersUserPoolProps) {
    super(scope, id);
    const { settings } = props;
    checkSettings(settings);

    this.preSignUp = new NodeFunction(this, 'PreSignUp', {
      entry: 'functions/pre-sign-up/handler.ts',
      serviceName: 'pre-sign-up',
      description: 'User pool PreSignUp trigger: refuses self sign-up for a username that has a profile or that the API does not accept',
      logLevel: props.logLevel,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      timeout: Duration.seconds(5),
    });
    this.preSignUp.bindTable(props.table, { actions: ['dynamodb:GetItem'] });

    this.userPool = new UserPool(this, 'Pool', {
      userPoolName: props.name,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: true,
      standardAttributes: { email: { required: true, mutable: true } },
      autoVerify: { email: true },
      keepOriginal: { email: true },
      userVerification: {
        emailSubject: 'Your verification code for Users and Orders',
        emailBody: 'Your verification code is {####}.',
      },
      // The migration's invitations (npm run migrate:cognito-users) to the original services' users.
      userInvitation: {
        emailSubject: 'Your Users and Orders account',
        emailBody: 'Hello {username}, your account is ready. Sign in with your username and the temporary password {####}; you will choose a new password then.',
      },
      passwordPolicy: {
        minLength: settings.passwordMinLength,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: settings.deletionProtection,
      removalPolicy: props.removalPolicy,
      lambdaTriggers: { preSignUp: this.preSignUp.function },
    });
    const cfnPool = this.userPool.node.defaultChild!;
    Validations.of(cfnPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        "MFA is optional by design (the issue asks for optional TOTP): every shopper having to set up an authenticator app before a first order is a product decision, not this stack's. TOTP is on for whoever wants it; the admin group should use it (README, operators).",
    });
    Validations.of(cfnPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan (threat protection: adaptive authentication, compromised-credential checks) is billed per monthly active user; the pool stays on the Essentials plan until that pricing decision is made. Sign-in is protected by the password policy, optional TOTP, email verification and short-lived tokens.',
    });

    this.webClient = this.userPool.addClient('WebClient', {
      userPoolClientName: 'web',
      generateSecret: false,
      // SRP only: the password never leaves the browser. CDK adds ALLOW_REFRESH_TOKEN_AUTH to any flow list.
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: settings.tokenValidity.access,
      idTokenValidity: settings.tokenValidity.id,
      refreshTokenValidity: settings.tokenValidity.refresh,
      authSessionValidity: Duration.minutes(3),
    });

    this.adminGroup = this.userPool.addGroup('AdminGroup', {
      groupName: ADMIN_GROUP,
      description: 'Back office: may read and change every user and order (ordersByStatus, shipping, delivery)',
      precedence: 0,
    });
  }

  /** Lets a function read a user's attributes (AdminGetUser) on this pool only. */
  grantGetUser(grantee: IGrantable): void {
    this.userPool.grant(grantee, 'cognito-idp:AdminGetUser');
  }
}

/** Token lifetimes are checked by CDK's UserPoolClient (Cognito's ranges, refresh outliving the others); the password floor is ours, stricter than Cognito's 6. */
function checkSettings(settings: UserPoolSettings): void {
  if (settings.passwordMinLength < 8 || settings.passwordMinLength > 99) throw new Error(`passwordMinLength must be 8 to 99, got ${settings.passwordMinLength}`);
}
