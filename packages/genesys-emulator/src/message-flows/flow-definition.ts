import { z } from "zod";

/**
 * Transfer to ACD as a flow author configures it on an intent path (or the failure path): a fixed queue,
 * or the queue and skills the bot returned as entities (slots) of that intent, which Architect binds to
 * flow variables. https://help.mypurecloud.com/articles/transfer-acd-action/ (Queue, ACD skills by
 * expression); https://help.mypurecloud.com/?p=378076 (Call Digital Bot Connector: intents and slots).
 */
export const transferToAcdSchema = z
  .strictObject({
    /** A fixed queue (literal mode). Used when no entity names one. */
    queueId: z.string().min(1).optional(),
    /** The intent's String entity whose value is the queue id (expression mode). */
    queueEntity: z.string().min(1).optional(),
    /** Fixed ACD skills. */
    skillIds: z.array(z.string().min(1)).optional(),
    /** The intent's StringCollection entity whose values are skill ids. */
    skillsEntity: z.string().min(1).optional(),
  })
  .refine((action) => action.queueId !== undefined || action.queueEntity !== undefined, {
    message: "needs queueId or queueEntity",
  });

export type TransferToAcdAction = z.output<typeof transferToAcdSchema>;

/**
 * An Architect inbound message flow whose first task is a Call Digital Bot Connector action. Each turn it
 * posts the customer's message to `{botConnector.uri}/messages` (the Digital Bot Connector v2 Customer API
 * Spec: https://developer.genesys.cloud/commdigital/textbots/digital-botconnector-customer-api-spec) and
 * follows the answer's `botState`: MoreData waits for the next message, Complete takes the intent's path,
 * Failed (and any error) the failure path.
 */
export const messageFlowSchema = z.strictObject({
  name: z.string().min(1).max(200).default("Inbound message flow"),
  botConnector: z.strictObject({
    /** The integration's Bot Connector URI, e.g. http://127.0.0.1:9101/botconnector. */
    uri: z.url({ protocol: /^https?$/ }),
    /**
     * The integration's credential fields, sent as headers on every call (e.g. a connection secret). The
     * spec: "The Digital Bot Connector service will include this connection secret as a header".
     */
    credentials: z.record(z.string().min(1), z.string()).default({}),
    botId: z.string().min(1).max(100),
    botVersion: z.string().min(1).max(100),
    languageCode: z.string().min(1).default("en-us"),
    /** Bot Response Timeout: default 30 s, 1 s to 1 min (help page of the action). */
    botResponseTimeoutMs: z.number().int().min(1).max(60_000).default(30_000),
    /** Session Timeout: default 12 h, 1 min to 3 days; sent as `botSessionTimeout` in minutes. */
    sessionTimeoutMinutes: z
      .number()
      .int()
      .min(1)
      .max(3 * 24 * 60)
      .default(12 * 60),
    /** Session Variables: sent as `parameters`. */
    sessionVariables: z.record(z.string().min(1), z.string()).default({}),
    /**
     * Attempts for one message when the bot answers 5xx or the connection fails (Genesys: "Webhook calls
     * will be retried for 5xx errors"; how often is not documented, so this is the emulator's choice).
     */
    attempts: z.number().int().min(1).max(10).default(3),
  }),
  /** Intent -> what its output path does. An intent without a path takes the failure path. */
  intents: z.record(z.string().min(1), transferToAcdSchema).default({}),
  /** The failure path: Transfer to ACD, or Disconnect. */
  failure: z.union([transferToAcdSchema, z.literal("disconnect")]).default("disconnect"),
});

export type MessageFlowInput = z.input<typeof messageFlowSchema>;
export type MessageFlowDefinition = z.output<typeof messageFlowSchema>;
