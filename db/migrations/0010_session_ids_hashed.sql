-- Session ids are stored as their SHA-256 (hex), as the app now looks them up (lib/auth/user-sessions.ts):
-- a copy of user_sessions no longer holds anything a cookie could name. Existing rows are hashed in
-- place, so sessions signed in before the migration keep working.
UPDATE "user_sessions" SET "id" = encode(sha256(convert_to("id", 'UTF8')), 'hex');
