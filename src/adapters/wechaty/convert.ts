import { types as PUPPET_TYPES } from 'wechaty-puppet';
import type { MessageKind } from '../../domain/incoming.js';

const KINDS: Partial<Record<number, MessageKind>> = {
  [PUPPET_TYPES.Message.Text]: 'text',
  [PUPPET_TYPES.Message.Image]: 'image',
  [PUPPET_TYPES.Message.Audio]: 'voice',
  [PUPPET_TYPES.Message.Video]: 'video',
  [PUPPET_TYPES.Message.Attachment]: 'file',
  [PUPPET_TYPES.Message.Emoticon]: 'emoticon',
  [PUPPET_TYPES.Message.MiniProgram]: 'app',
  [PUPPET_TYPES.Message.Url]: 'link',
};

export function messageKind(type: number): MessageKind {
  return KINDS[type] ?? 'other';
}

/** What a non-text message is recorded as, so the record shows something was said. */
export function placeholderFor(kind: MessageKind): string {
  const names: Record<MessageKind, string> = {
    text: '', image: '[图片]', voice: '[语音]', video: '[视频]', file: '[文件]', emoticon: '[表情]', app: '[小程序]', link: '[链接]', other: '[消息]',
  };
  return names[kind];
}

/**
 * The words of a voice note when the puppet transcribed it; puppets that do not put the raw
 * message XML (or nothing) in the text.
 */
export function voiceTranscript(raw: string): string | null {
  const text = raw.trim();
  if (!text || text.startsWith('<') || /^\[(语音|voice|audio)\]$/i.test(text)) return null;
  return text;
}
