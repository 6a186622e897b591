"""Every control of every view can be named by a screen reader and reached from the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from compdesk.views.main_window import MainWindow
from compdesk.views.names import VIEW_NAMES

CONTROLS = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)


def _name_of(control: QWidget, buddies: set[int]) -> str:
    if control.accessibleName():
        return control.accessibleName()
    if isinstance(control, QAbstractButton) and control.text().strip("&. "):
        return control.text()
    if id(control) in buddies:
        return "labelled"
    return ""


def _controls(root: QWidget) -> list[QWidget]:
    """The visible controls a user operates; a table's headers and corner button are part of
    the table, and named through it."""
    return [
        control
        for control in root.findChildren(QWidget)
        if isinstance(control, CONTROLS)
        and control.isVisibleTo(root)
        and not isinstance(control, QHeaderView)
        and not isinstance(control.parent(), QAbstractItemView)
    ]


def _unnamed_controls(root: QWidget) -> list[str]:
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy()}
    unnamed = []
    for control in _controls(root):
        # A line edit inside a combo box or spin box is named through its owner.
        if isinstance(control, QLineEdit) and isinstance(control.parent(), (QComboBox, QAbstractSpinBox)):
            continue
        if not _name_of(control, buddies):
            unnamed.append(f"{type(control).__name__} {control.objectName() or control.toolTip()!r}")
    return unnamed


@pytest.mark.parametrize("name", VIEW_NAMES)
def test_every_control_of_a_view_has_an_accessible_name(window: MainWindow, name: str) -> None:
    window.show_view(VIEW_NAMES.index(name))
    assert _unnamed_controls(window.view(name)) == []


@pytest.mark.parametrize("index", range(len(VIEW_NAMES)))
def test_every_view_is_reached_by_its_shortcut(window: MainWindow, index: int) -> None:
    action = window.view_actions[index]
    assert action.shortcut().toString() == f"Ctrl+{(index + 1) % 10}"
    action.trigger()
    assert window.tabs.currentIndex() == index


def test_every_control_of_a_view_takes_the_keyboard_focus(window: MainWindow) -> None:
    for name in VIEW_NAMES:
        view = window.view(name)
        window.show_view(VIEW_NAMES.index(name))
        for control in _controls(view):
            if control.isEnabled():
                assert control.focusPolicy() != Qt.FocusPolicy.NoFocus or isinstance(
                    control, QAbstractButton
                ), f"{name}: {type(control).__name__} {control.accessibleName()!r}"


def test_the_check_sees_the_controls_of_each_view(window: MainWindow) -> None:
    for name in VIEW_NAMES:
        window.show_view(VIEW_NAMES.index(name))
        assert len(_controls(window.view(name))) >= 3, name
