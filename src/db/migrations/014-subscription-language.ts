/**
 * Issue 15 point 2 made a subscription's own language the language of its copies; before, a private
 * subscriber's reading preference (/lang) won. So that nobody's updates change language on upgrade, a
 * private subscription takes its person's saved preference once, here.
 */
export const up = `
UPDATE subscriber
   SET lang = (SELECT p.lang FROM preference p WHERE p.user_key = subscriber.chat_key)
 WHERE is_group = 0
   AND EXISTS (SELECT 1 FROM preference p WHERE p.user_key = subscriber.chat_key);
`;
