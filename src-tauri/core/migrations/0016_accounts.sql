-- Учётные записи (issue 12) of an encrypted school file: each user opens the file with a password
-- of their own and works in a role the core enforces (src/accounts/). The file's key K is
-- derived from the file's password (the administrator's: src/encryption/); an account's
-- password unlocks K through its slot:
--   salt         16 random bytes, Argon2id's salt for this account's password
--   wrapped_key  K XOR Argon2id(password, salt); NULL when the file's password changed since
--                (K changed): the administrator gives the account a password again
-- The slots are also written beside the school file («<file>.ключи», without roles: those are
-- read only from here, inside the encrypted file) so that a user can open the file at all.
CREATE TABLE account (
    id          INTEGER PRIMARY KEY,
    login       TEXT NOT NULL,
    login_key   TEXT NOT NULL UNIQUE,
    full_name   TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL CHECK (role IN ('administrator', 'deputy', 'secretary', 'viewer')),
    salt        BLOB NOT NULL,
    wrapped_key BLOB,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created     TEXT NOT NULL
);
