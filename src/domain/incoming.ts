/** A message as the adapter hands it to the core: no Wechaty types beyond this line. */
export type MessageKind = 'text' | 'image' | 'voice' | 'video' | 'file' | 'emoticon' | 'app' | 'link' | 'other';

export interface IncomingMessage {
  msgId: string;
  /** null for a private chat with the bot */
  roomId: string | null;
  roomTopic: string | null;
  talkerId: string;
  talkerName: string;
  text: string;
  kind: MessageKind;
  mentionsBot: boolean;
  mentionIds: string[];
  sentAt: Date;
  /** replayed at login long after it was sent: recorded, not acted on */
  stale?: boolean;
}

/** Room membership and topic events, so the registry follows rooms by id. */
export type RoomEvent =
  | { type: 'joined'; roomId: string; topic: string }
  | { type: 'left'; roomId: string }
  | { type: 'topic'; roomId: string; topic: string };
