import sqlite3
from pathlib import Path

from compdesk.storage import Store
from compdesk.storage.schema_audit import SchemaObject, planted_objects


def test_a_new_document_has_nothing_planted(tmp_path: Path) -> None:
    path = tmp_path / "a.compdesk"
    Store.create(path).close()
    with sqlite3.connect(path) as connection:
        assert planted_objects(connection) == []


def test_triggers_and_views_added_by_another_tool_are_named(tmp_path: Path) -> None:
    path = tmp_path / "a.compdesk"
    Store.create(path).close()
    connection = sqlite3.connect(path)
    connection.execute("CREATE VIEW ghost AS SELECT 1")
    connection.execute(
        "CREATE TRIGGER forever AFTER INSERT ON evidence BEGIN SELECT 1; END"
    )
    connection.commit()
    assert planted_objects(connection) == [
        SchemaObject("trigger", "forever"),
        SchemaObject("view", "ghost"),
    ]
    assert str(planted_objects(connection)[0]) == "trigger 'forever'"
    connection.close()
