/**
 * Which subscription topics exist. The notification protocol checks every topic of a subscription against it;
 * the contact-centre model, which publishes on those topics, supplies it.
 */
export interface TopicCatalog {
  isSupported(topic: string): boolean;
}
