/**
 * What the dispatcher sends through. The implementations speak SMTP and HTTP, so they live
 * outside domain/ (notify/ at the top level) and are handed to the dispatcher by the caller.
 */
/** One e-mail; `html` is the printable notice when the message carries one. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

export interface SmsSender {
  send(message: { to: string; text: string }): Promise<void>;
}

