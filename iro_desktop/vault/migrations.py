"""Schema migrations: an ordered list, the version in ``PRAGMA user_version``.

Each migration runs in one transaction together with the version bump, after a backup of the
encrypted file. A vault whose version is newer than this list is refused untouched. Never edit
a migration that has shipped: add a new one.

Why this module is long: the whole schema's history is read in one place, in order, so what a
table looks like at any version can be seen without opening a module per version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from iro_desktop.errors import VaultFromNewerVersion
from iro_desktop.vault import audit


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable  # (conn) -> None, inside the migration's transaction


def _m1_core(conn) -> None:
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    for stmt in audit.SCHEMA:
        conn.execute(stmt)


def _m2_caseload(conn) -> None:
    statements = [
        """CREATE TABLE child (
            child_id TEXT PRIMARY KEY,
            first_name TEXT NOT NULL,
            preferred_name TEXT,
            last_name TEXT NOT NULL,
            date_of_birth TEXT NOT NULL,
            gender TEXT,
            pronouns TEXT,
            ethnicity TEXT,
            first_language TEXT,
            interpreter_needed INTEGER NOT NULL DEFAULT 0,
            disability INTEGER NOT NULL DEFAULT 0,
            communication_needs TEXT,
            uasc INTEGER NOT NULL DEFAULT 0,
            care_leaver INTEGER NOT NULL DEFAULT 0,
            school TEXT,
            social_worker_name TEXT,
            social_worker_email TEXT,
            social_worker_team TEXT,
            sibling_group TEXT,
            allocated INTEGER NOT NULL DEFAULT 1,
            not_allocated_since TEXT,
            iro_notes TEXT,
            seed_last_review_date TEXT,
            seed_reviews_held INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE period_of_care (
            id INTEGER PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            start_date TEXT NOT NULL,
            end_date TEXT,
            legal_status TEXT,
            UNIQUE (child_id, start_date)
        )""",
        """CREATE TABLE placement (
            id INTEGER PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            placement_type TEXT,
            carer_name TEXT,
            area TEXT,
            postcode_district TEXT,
            start_date TEXT NOT NULL,
            end_date TEXT,
            out_of_area INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE key_person (
            id INTEGER PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            name TEXT NOT NULL,
            contact TEXT
        )""",
        """CREATE TABLE review (
            id INTEGER PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            period_id INTEGER REFERENCES period_of_care(id) ON DELETE SET NULL,
            review_date TEXT NOT NULL,
            review_type TEXT NOT NULL,
            held_as_series INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_period_child ON period_of_care(child_id, start_date)",
        "CREATE INDEX idx_placement_child ON placement(child_id, start_date)",
        "CREATE INDEX idx_key_person_child ON key_person(child_id)",
        "CREATE INDEX idx_review_child ON review(child_id, review_date)",
    ]
    for stmt in statements:
        conn.execute(stmt)


def _m3_due_dates(conn) -> None:
    statements = [
        # When the record (the letter to the child) and the decisions went out: the timescales
        # mark those deadlines done from these.
        "ALTER TABLE review ADD COLUMN record_sent_date TEXT",
        "ALTER TABLE review ADD COLUMN decisions_circulated_date TEXT",
        # Regulation 36: the IRO speaks to the child in private before each review.
        """CREATE TABLE visit (
            id INTEGER PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            visit_date TEXT NOT NULL,
            purpose TEXT NOT NULL,
            seen_alone INTEGER,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE trip (
            id INTEGER PRIMARY KEY,
            area TEXT NOT NULL,
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE trip_child (
            trip_id INTEGER NOT NULL REFERENCES trip(id) ON DELETE CASCADE,
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            PRIMARY KEY (trip_id, child_id)
        )""",
        "CREATE INDEX idx_visit_child ON visit(child_id, visit_date)",
        "CREATE INDEX idx_trip_child_child ON trip_child(child_id)",
    ]
    for stmt in statements:
        conn.execute(stmt)


def _m4_records(conn) -> None:
    statements = [
        # A written record: the record of a review (linked to the review row the timescales
        # read) or a midway review. Its content lives in versions; ``state`` and
        # ``current_version`` say where it stands, ``record_date`` mirrors the content's date.
        """CREATE TABLE record (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('review', 'midway')),
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            review_id INTEGER REFERENCES review(id) ON DELETE SET NULL,
            record_date TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('draft', 'finalised', 'amending')),
            current_version INTEGER NOT NULL DEFAULT 1,
            first_finalised_on TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE UNIQUE INDEX idx_record_review ON record(review_id) WHERE kind = 'review'",
        "CREATE INDEX idx_record_child ON record(child_id, kind, record_date)",
        # Every version is kept. A finalised version is read-only: the triggers refuse any
        # change or deletion, whatever code tries.
        """CREATE TABLE record_version (
            id INTEGER PRIMARY KEY,
            record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('draft', 'finalised')),
            content TEXT NOT NULL,
            content_sha256 TEXT NOT NULL,
            amendment_reason TEXT,
            finalised_by TEXT,
            finalised_on TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (record_id, version)
        )""",
        """CREATE TRIGGER record_version_finalised_no_update BEFORE UPDATE ON record_version
        WHEN OLD.status = 'finalised'
        BEGIN SELECT RAISE(ABORT, 'a finalised version is read-only; start an amendment'); END""",
        """CREATE TRIGGER record_version_finalised_no_delete BEFORE DELETE ON record_version
        WHEN OLD.status = 'finalised'
        BEGIN SELECT RAISE(ABORT, 'a finalised version is kept for good'); END""",
        # Decisions of finalised reviews, tracked until done, not done or superseded; ``uid``
        # is the decision's id inside the record content, stable across versions.
        """CREATE TABLE recommendation (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            what TEXT NOT NULL,
            who_role TEXT NOT NULL,
            who_name TEXT,
            by_when TEXT NOT NULL,
            child_words TEXT,
            carried_from TEXT,
            status TEXT NOT NULL CHECK (status IN ('open', 'done', 'not_done', 'superseded')),
            status_on TEXT,
            status_note TEXT,
            status_record_id INTEGER REFERENCES record(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_recommendation_child ON recommendation(child_id, status)",
        "CREATE INDEX idx_recommendation_record ON recommendation(record_id)",
        # An escalation the IRO means to start (from a midway or review); the dispute
        # resolution tracker takes these up.
        """CREATE TABLE escalation_intent (
            id INTEGER PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            record_id INTEGER REFERENCES record(id) ON DELETE SET NULL,
            raised_on TEXT NOT NULL,
            details TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'intended',
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_escalation_intent_child ON escalation_intent(child_id)",
    ]
    for stmt in statements:
        conn.execute(stmt)


def _m5_writing(conn) -> None:
    statements = [
        # The IRO's phrase bank: phrases (markup) and letter templates (letter JSON).
        """CREATE TABLE phrase (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('phrase', 'template')),
            title TEXT NOT NULL,
            section_key TEXT,
            body TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_phrase_kind ON phrase(kind, position)",
        # The IRO's changes to the built-in children's words; NULL words switch a term off.
        """CREATE TABLE child_wording (
            term_key TEXT PRIMARY KEY,
            term TEXT NOT NULL,
            child_words TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        # Autosaved editor content not yet saved into its record: one row per open draft.
        """CREATE TABLE draft (
            draft_key TEXT PRIMARY KEY,
            child_id TEXT REFERENCES child(child_id) ON DELETE CASCADE,
            content TEXT NOT NULL,
            content_sha256 TEXT NOT NULL,
            first_saved_at TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            saves INTEGER NOT NULL DEFAULT 1
        )""",
    ]
    for stmt in statements:
        conn.execute(stmt)


# The child's id as one search token, whatever characters the council's ids use.
_CHILD_KEY_SQL = "'c' || lower(hex({0}.child_id))"
_NOTE_TEXT = "trim(COALESCE({0}.iro_notes, '')) != ''"


def _m6_search(conn) -> None:
    statements = [
        # What each row of the full-text index is: a record (kind 'review' or 'midway', ref =
        # record id) or a child's notes (kind 'note', ref = child id). Its id is the FTS rowid.
        """CREATE TABLE search_doc (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            ref TEXT NOT NULL,
            child_id TEXT NOT NULL,
            UNIQUE (kind, ref)
        )""",
        # Prefixes of 2-4 characters are indexed too: results come as the IRO types, and a
        # short prefix ("yo", "sch") would otherwise merge the lists of every word it starts.
        """CREATE VIRTUAL TABLE search_text USING fts5(
            child_key, title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
        )""",
        # The IRO's notes on a child are indexed by triggers, so every path that writes them
        # (forms, import) keeps the index in step inside its own transaction.
        f"""CREATE TRIGGER search_note_insert AFTER INSERT ON child
        WHEN {_NOTE_TEXT.format('NEW')}
        BEGIN
            INSERT INTO search_doc (kind, ref, child_id) VALUES ('note', NEW.child_id, NEW.child_id);
            INSERT INTO search_text (rowid, child_key, title, body)
            SELECT id, {_CHILD_KEY_SQL.format('NEW')}, 'Notes', NEW.iro_notes
            FROM search_doc WHERE kind = 'note' AND ref = NEW.child_id;
        END""",
        f"""CREATE TRIGGER search_note_update AFTER UPDATE OF iro_notes, child_id ON child
        WHEN OLD.iro_notes IS NOT NEW.iro_notes OR OLD.child_id IS NOT NEW.child_id
        BEGIN
            DELETE FROM search_text WHERE rowid IN
                (SELECT id FROM search_doc WHERE kind = 'note' AND ref = OLD.child_id);
            DELETE FROM search_doc WHERE kind = 'note' AND ref = OLD.child_id;
            INSERT INTO search_doc (kind, ref, child_id)
            SELECT 'note', NEW.child_id, NEW.child_id WHERE {_NOTE_TEXT.format('NEW')};
            INSERT INTO search_text (rowid, child_key, title, body)
            SELECT id, {_CHILD_KEY_SQL.format('NEW')}, 'Notes', NEW.iro_notes
            FROM search_doc WHERE kind = 'note' AND ref = NEW.child_id;
        END""",
        """CREATE TRIGGER search_note_delete AFTER DELETE ON child
        BEGIN
            DELETE FROM search_text WHERE rowid IN
                (SELECT id FROM search_doc WHERE child_id = OLD.child_id);
            DELETE FROM search_doc WHERE child_id = OLD.child_id;
        END""",
        """CREATE TRIGGER search_record_delete AFTER DELETE ON record
        BEGIN
            DELETE FROM search_text WHERE rowid IN
                (SELECT id FROM search_doc WHERE kind = OLD.kind AND ref = CAST(OLD.id AS TEXT));
            DELETE FROM search_doc WHERE kind = OLD.kind AND ref = CAST(OLD.id AS TEXT);
        END""",
        # Notes written before this version are indexed now.
        f"""INSERT INTO search_doc (kind, ref, child_id)
        SELECT 'note', child_id, child_id FROM child c WHERE {_NOTE_TEXT.format('c')}""",
        f"""INSERT INTO search_text (rowid, child_key, title, body)
        SELECT d.id, {_CHILD_KEY_SQL.format('c')}, 'Notes', c.iro_notes
        FROM search_doc d JOIN child c ON c.child_id = d.ref WHERE d.kind = 'note'""",
    ]
    for stmt in statements:
        conn.execute(stmt)


def _m7_printing(conn) -> None:
    statements = [
        # How the child's printed letters look: the colour theme and picture they chose.
        """CREATE TABLE child_print_style (
            child_id TEXT PRIMARY KEY REFERENCES child(child_id) ON DELETE CASCADE,
            theme TEXT,
            picture BLOB,
            picture_type TEXT,
            updated_at TEXT NOT NULL
        )""",
        # Pictures that belong to no child, such as the IRO's photo for letters and leaflets.
        """CREATE TABLE stored_image (
            name TEXT PRIMARY KEY,
            media_type TEXT NOT NULL,
            data BLOB NOT NULL,
            updated_at TEXT NOT NULL
        )""",
    ]
    for stmt in statements:
        conn.execute(stmt)


def _m8_sync(conn) -> None:
    statements = [
        # One row per export on its way to the council (a review record's version, a midway
        # review's, later the anonymised figures): written in the transaction of the change it
        # carries and kept for good as the receipt. ``kind`` is not CHECKed so a new kind of
        # export needs no migration; the code refuses kinds it does not know.
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            bundle_id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            record_id INTEGER,
            version INTEGER,
            child_id TEXT,
            folder TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL CHECK (state IN
                ('queued', 'uploading', 'verifying', 'synced', 'failed', 'signin')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            next_try_at TEXT,
            target TEXT,
            synced_at TEXT,
            receipt TEXT,
            built_at TEXT,
            blobs_dropped_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (kind, record_id, version)
        )""",
        "CREATE INDEX idx_outbox_state ON outbox(state, next_try_at)",
        # The bundle's files, bytes fixed once made: every retry sends exactly these. ``data``
        # is dropped (NULL) after the retention period; name, size and hash stay as the receipt.
        """CREATE TABLE outbox_file (
            bundle_id TEXT NOT NULL REFERENCES outbox(bundle_id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            data BLOB,
            PRIMARY KEY (bundle_id, name)
        )""",
        # The sign-in for the sync target, inside the encrypted vault, never in settings files.
        """CREATE TABLE sync_credential (
            name TEXT PRIMARY KEY,
            username TEXT,
            password TEXT,
            token TEXT,
            updated_at TEXT NOT NULL
        )""",
        # Caseload extracts the council put in the target's inbox/ that were already offered.
        """CREATE TABLE sync_inbox_seen (
            name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (name, sha256)
        )""",
    ]
    for stmt in statements:
        conn.execute(stmt)


def _m9_escalations(conn) -> None:
    """The dispute resolution tracker and good-practice notifications (``iro_desktop.escalations``)."""
    statements = [
        # An escalation keeps the council's stages as they were when it was raised (``stages``,
        # JSON), so later changes to the stages never rewrite its deadlines.
        """CREATE TABLE escalation (
            id INTEGER PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            review_id INTEGER REFERENCES review(id) ON DELETE SET NULL,
            record_id INTEGER REFERENCES record(id) ON DELETE SET NULL,
            intent_id INTEGER REFERENCES escalation_intent(id) ON DELETE SET NULL,
            raised_on TEXT NOT NULL,
            theme TEXT NOT NULL,
            raised_with_role TEXT NOT NULL DEFAULT '',
            raised_with_name TEXT NOT NULL DEFAULT '',
            partner_agency TEXT,
            description TEXT NOT NULL,
            asked TEXT NOT NULL DEFAULT '',
            stages TEXT NOT NULL,
            overall_working_days INTEGER NOT NULL,
            referred_to_cafcass_on TEXT,
            resolved_on TEXT,
            outcome TEXT,
            outcome_note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK ((resolved_on IS NULL) = (outcome IS NULL))
        )""",
        "CREATE INDEX idx_escalation_child ON escalation(child_id, raised_on)",
        # Each stage an escalation reached, skipped or was referred to, in order.
        """CREATE TABLE escalation_step (
            id INTEGER PRIMARY KEY,
            escalation_id INTEGER NOT NULL REFERENCES escalation(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            stage_key TEXT NOT NULL,
            stage_label TEXT NOT NULL,
            working_days INTEGER,
            started_on TEXT NOT NULL,
            ended_on TEXT,
            ended_how TEXT,
            raised_with_role TEXT NOT NULL DEFAULT '',
            raised_with_name TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            UNIQUE (escalation_id, position)
        )""",
        # A good-practice notification; one made from a review record names it, at most one each,
        # so the record's own good-practice mark is not counted a second time.
        """CREATE TABLE good_practice (
            id INTEGER PRIMARY KEY,
            child_id TEXT REFERENCES child(child_id) ON DELETE CASCADE,
            record_id INTEGER REFERENCES record(id) ON DELETE SET NULL,
            noted_on TEXT NOT NULL,
            about TEXT NOT NULL CHECK (about IN ('social_worker', 'team', 'carer', 'partner', 'other')),
            who TEXT NOT NULL DEFAULT '',
            what TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE UNIQUE INDEX idx_good_practice_record ON good_practice(record_id) WHERE record_id IS NOT NULL",
        "CREATE INDEX idx_good_practice_noted ON good_practice(noted_on)",
    ]
    for stmt in statements:
        conn.execute(stmt)
    # The intents midway reviews stored become tracked escalations at the council's first
    # stage (the default stages: no council has set its own before this), theme "other" until
    # the IRO says more.
    from iro_desktop.escalations.stages import DEFAULT_STAGES

    first = DEFAULT_STAGES.stages[0]
    for intent_id, child_id, record_id, raised_on, details, created_at in conn.execute(
            "SELECT id, child_id, record_id, raised_on, details, created_at FROM escalation_intent "
            "ORDER BY id").fetchall():
        cur = conn.execute(
            "INSERT INTO escalation (child_id, record_id, intent_id, raised_on, theme, raised_with_role, description, "
            "stages, overall_working_days, created_at, updated_at) VALUES (?, ?, ?, ?, 'other', ?, ?, ?, ?, ?, ?)",
            (child_id, record_id, intent_id, raised_on, first.with_whom, details, DEFAULT_STAGES.to_json(),
             DEFAULT_STAGES.overall_working_days, created_at, created_at))
        conn.execute("INSERT INTO escalation_step (escalation_id, position, stage_key, stage_label, working_days, "
                     "started_on, raised_with_role) VALUES (?, 0, ?, ?, ?, ?, ?)",
                     (cur.lastrowid, first.key, first.label, first.working_days, raised_on, first.with_whom))
        conn.execute("UPDATE escalation_intent SET state = 'tracked' WHERE id = ?", (intent_id,))


def _m10_review_history(conn) -> None:
    statements = [
        # Where a held review came from: the caseload (its record, if written, holds the details)
        # or a review history brought from a spreadsheet tracker (the details are these columns).
        "ALTER TABLE review ADD COLUMN source TEXT NOT NULL DEFAULT 'caseload'",
    ] + [f"ALTER TABLE review ADD COLUMN {column}" for column in (
        "participation_code TEXT", "child_seen_alone INTEGER", "child_attended INTEGER",
        "parent_participated INTEGER", "advocate_offered INTEGER", "advocate_involved INTEGER",
        "health_assessment_up_to_date INTEGER", "pep_up_to_date INTEGER", "permanence_plan_in_place INTEGER",
        "rearranged INTEGER", "rearranged_reason TEXT", "rag_care_planning TEXT", "rag_preparation TEXT")]
    for stmt in statements:
        conn.execute(stmt)


def _m11_spelling(conn) -> None:
    # The IRO's own words for the spell check: children's names and places, so in the vault.
    conn.execute("""CREATE TABLE spelling_word (
        word_key TEXT PRIMARY KEY,
        word TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""")


def _m12_review_report_copy(conn) -> None:
    # The annual report's copy of each finalised review version's details and quality ratings
    # (reviews/report_copy.py), made now for every version finalised before this migration.
    conn.execute("""CREATE TABLE review_report_copy (
        record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        facts TEXT NOT NULL,
        PRIMARY KEY (record_id, version)
    )""")
    # The fields as reviews/report_copy.py lists them when this migration was written.
    details = ("review_date", "review_type", "held_as_series", "meetings", "participation_code", "child_attended",
               "seen_alone", "parents", "advocate_offered", "advocate_used", "health_assessment_up_to_date",
               "pep_up_to_date", "permanence_plan_in_place", "rearranged")
    qa = ("care_planning_rag", "preparation_rag", "good_practice", "good_practice_note")

    def pick(part: str, keys: tuple[str, ...]) -> str:
        return ", ".join(f"'{k}', json(v.content -> '$.{part}.{k}')" for k in keys)

    conn.execute(f"""INSERT INTO review_report_copy (record_id, version, facts)
        SELECT v.record_id, v.version,
               json_object('details', json_object({pick("details", details)}), 'qa', json_object({pick("qa", qa)}))
        FROM record_version v JOIN record r ON r.id = v.record_id
        WHERE r.kind = 'review' AND v.status = 'finalised'""")


def _m13_preparation(conn) -> None:
    """Booked review meetings, who is consulted and invited, and what comes back
    (``iro_desktop.preparation``)."""
    statements = [
        # A booked meeting of a child's review. A meeting moved keeps each move with its reason
        # (councils count rearranged reviews); a cancelled one stays, cancelled. ``limit_on`` is
        # the statutory limit when it was booked (or last moved), so a late booking is said then.
        """CREATE TABLE review_meeting (
            id INTEGER PRIMARY KEY,
            child_id TEXT NOT NULL REFERENCES child(child_id) ON DELETE CASCADE,
            series_first_id INTEGER REFERENCES review_meeting(id) ON DELETE CASCADE,
            meeting_date TEXT NOT NULL,
            start_time TEXT,
            end_time TEXT,
            how TEXT NOT NULL CHECK (how IN ('in_person', 'virtual', 'hybrid')),
            venue_child TEXT NOT NULL DEFAULT '',
            venue_professional TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL DEFAULT 'booked' CHECK (state IN ('booked', 'cancelled', 'held')),
            cancelled_reason TEXT,
            limit_on TEXT,
            return_by TEXT,
            review_id INTEGER REFERENCES review(id) ON DELETE SET NULL,
            record_id INTEGER REFERENCES record(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX idx_review_meeting_child ON review_meeting(child_id, meeting_date)",
        "CREATE INDEX idx_review_meeting_date ON review_meeting(meeting_date)",
        """CREATE TABLE review_meeting_move (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES review_meeting(id) ON DELETE CASCADE,
            from_date TEXT NOT NULL,
            from_time TEXT,
            to_date TEXT NOT NULL,
            to_time TEXT,
            reason TEXT NOT NULL,
            moved_on TEXT NOT NULL
        )""",
        # Each person consulted or invited for a meeting: sent and returned, and how; what they
        # said (``answers``, JSON keyed by ``preparation.questions``), or a note of it.
        """CREATE TABLE consultee (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES review_meeting(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            agency TEXT NOT NULL DEFAULT '',
            invited INTEGER NOT NULL DEFAULT 1,
            consulted INTEGER NOT NULL DEFAULT 1,
            sent_on TEXT,
            sent_how TEXT CHECK (sent_how IN ('paper', 'email', 'phone', 'online')),
            returned_on TEXT,
            returned_how TEXT CHECK (returned_how IN ('paper', 'email', 'phone', 'online', 'in_person')),
            answers TEXT NOT NULL DEFAULT '{}',
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (returned_on IS NULL OR returned_how IS NOT NULL)
        )""",
        "CREATE INDEX idx_consultee_meeting ON consultee(meeting_id)",
    ]
    for stmt in statements:
        conn.execute(stmt)



def _m14_report_copy_columns(conn) -> None:
    # What the annual report counts of each finalised review, as plain columns beside the copy's
    # JSON (reviews/report_copy.py, COLUMNS), filled here from the JSON of the copies made before.
    # In SQL, as report_copy.columns_of works them out when this migration was written (a test
    # holds the two to the same answers): a series counts from its first dated meeting; a parent
    # took part when one attended or gave their views, and none is counted when every parent
    # recorded is "not applicable".
    columns = (("held_on", "TEXT"), ("participation_code", "TEXT"), ("child_attended", "INTEGER"),
               ("child_seen_alone", "INTEGER"), ("parent_participated", "INTEGER"), ("advocate_offered", "INTEGER"),
               ("advocate_involved", "INTEGER"), ("health_assessment_up_to_date", "INTEGER"),
               ("pep_up_to_date", "INTEGER"), ("permanence_plan_in_place", "INTEGER"), ("rearranged", "INTEGER"),
               ("rag_care_planning", "TEXT"), ("rag_preparation", "TEXT"), ("good_practice", "INTEGER"))
    for name, kind in columns:
        conn.execute(f"ALTER TABLE review_report_copy ADD COLUMN {name} {kind}")
    as_recorded = {"participation_code": "details.participation_code", "child_attended": "details.child_attended",
                   "child_seen_alone": "details.seen_alone", "advocate_offered": "details.advocate_offered",
                   "advocate_involved": "details.advocate_used",
                   "health_assessment_up_to_date": "details.health_assessment_up_to_date",
                   "pep_up_to_date": "details.pep_up_to_date",
                   "permanence_plan_in_place": "details.permanence_plan_in_place",
                   "rearranged": "details.rearranged", "rag_care_planning": "qa.care_planning_rag",
                   "rag_preparation": "qa.preparation_rag", "good_practice": "qa.good_practice"}
    conn.execute("UPDATE review_report_copy SET " + ", ".join(
        f"{name} = facts ->> '$.{path}'" for name, path in as_recorded.items()) + """,
        held_on = CASE WHEN facts ->> '$.details.review_date' IS NOT NULL THEN coalesce(
            CASE WHEN facts ->> '$.details.held_as_series' THEN
                (SELECT min(m.value ->> '$.date') FROM json_each(facts, '$.details.meetings') m) END,
            facts ->> '$.details.review_date') END,
        parent_participated = (
            SELECT CASE WHEN count(*) = 0 THEN NULL ELSE max(p.value ->> '$.how' IN ('attended', 'views_given')) END
            FROM json_each(facts, '$.details.parents') p
            WHERE coalesce(p.value ->> '$.how', '') NOT IN ('', 'not_applicable'))""")

MIGRATIONS: list[Migration] = [
    Migration(1, "settings and audit log", _m1_core),
    Migration(2, "caseload: children, periods of care, placements, key people, reviews", _m2_caseload),
    Migration(3, "due dates: record and decision dates, regulation 36 visits, trips", _m3_due_dates),
    Migration(4, "review and midway records: versions, decisions, escalation intents", _m4_records),
    Migration(5, "letter writing: phrase bank, children's words, autosaved drafts", _m5_writing),
    Migration(6, "full-text search of letters, midway reviews and notes", _m6_search),
    Migration(7, "printed records: the child's colours and picture, the IRO's photo", _m7_printing),
    Migration(8, "sync: the outbox, its bundles' bytes, the target's sign-in, the inbox seen", _m8_sync),
    Migration(9, "dispute resolution: escalations, their stages, good-practice notifications", _m9_escalations),
    Migration(10, "review history: the details of reviews brought from a spreadsheet tracker", _m10_review_history),
    Migration(11, "spell check: the IRO's own words", _m11_spelling),
    Migration(12, "the annual report's copy of finalised review details and ratings", _m12_review_report_copy),
    Migration(13, "before the review: booked meetings, who is consulted and invited, what they said",
              _m13_preparation),
    Migration(14, "the annual report's copy as plain columns", _m14_report_copy_columns),
]

LATEST = MIGRATIONS[-1].version


def current_version(conn) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def check_not_from_future(conn) -> int:
    version = current_version(conn)
    if version > LATEST:
        raise VaultFromNewerVersion(version, LATEST)
    return version


def pending(conn) -> list[Migration]:
    version = check_not_from_future(conn)
    return [m for m in MIGRATIONS if m.version > version]


def apply(conn, migrations: list[Migration], mac_key: bytes | None = None) -> None:
    """Run each migration and its version bump in one transaction, with an audit row
    ``vault.migrated`` (record id: the new version) when ``mac_key`` is given: every migration
    of an existing vault. A new vault's (from version 0) write none: its log begins with
    ``vault.create``."""
    for m in migrations:
        conn.execute("BEGIN IMMEDIATE")
        try:
            m.apply(conn)
            # PRAGMA cannot take a bound parameter; the version is our own integer.
            conn.execute(f"PRAGMA user_version = {int(m.version)}")
            if mac_key is not None:
                audit.append(conn, mac_key, "vault.migrated", "vault", f"v{int(m.version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
