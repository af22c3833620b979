-- Who besides the user may know a user's password, one file for SQLite and PostgreSQL alike
-- (conventions in V1: TEXT ids).
--
-- password_chosen_in is the organisation whose admin chose the password when adding the user as
-- a new member (POST /api/ui/projects/{projectId}/members with a password); NULL when the
-- operator chose it (GLASSHOUSE_INIT_USER_*). Users are global, so an account whose password an
-- admin of one organisation knows must not be attached to another organisation: that admin could
-- sign in as it there (docs/ui.md, "Members").
ALTER TABLE users ADD COLUMN password_chosen_in TEXT REFERENCES organizations (id);

-- Accounts from before this column: one membership means it was most likely created by that
-- organisation's admin or is its init user; either way, binding it to that organisation is the
-- safe reading (it only stops the account being added to another organisation through the UI).
-- Accounts in several organisations were shared by the operator already and stay NULL.
UPDATE users SET password_chosen_in =
        (SELECT m.organization_id FROM memberships m WHERE m.user_id = users.id)
    WHERE (SELECT COUNT(*) FROM memberships m WHERE m.user_id = users.id) = 1;
