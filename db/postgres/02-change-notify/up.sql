-- Every transaction that writes history tells the servers listening on `dealgraph_changes`,
-- when it commits (PostgreSQL delivers a notification only then, and one per transaction and
-- channel however many statements sent it). Each server then reads the `changes` rows after the
-- last one it sent to its subscribers, so a notification carries nothing and a lost one costs
-- nothing but a moment: the next one, or the server's periodic look, brings the rows.
CREATE FUNCTION notify_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('dealgraph_changes', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER changes_notify AFTER INSERT ON changes
    FOR EACH STATEMENT EXECUTE FUNCTION notify_changes();
