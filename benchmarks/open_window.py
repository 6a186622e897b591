"""Child process of bench_open: show a window, print "painted" once it has been drawn, quit.

`open_window.py FILE` opens the main window on FILE and waits for the matrix to paint;
`open_window.py --empty` shows an empty QMainWindow, the baseline.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


class _PaintWatcher(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            # Report after this paint completes.
            QTimer.singleShot(0, _finish)
        return False


def _finish() -> None:
    print("painted", flush=True)
    QApplication.quit()


def main() -> None:
    watcher = _PaintWatcher()
    if sys.argv[1] == "--empty":
        application = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.resize(1280, 800)
        window.setCentralWidget(QWidget())
        target: QWidget = window.centralWidget()
        target.installEventFilter(watcher)
        window.show()
    else:
        from compdesk.app import start_main_window
        from compdesk.preferences import TransientPreferences

        # The application's own start path, but with preferences that are never saved.
        window = start_main_window(Path(sys.argv[1]), TransientPreferences())
        application = QApplication.instance()
        matrix = window.view("matrix")
        # The matrix view paints its table; watch every widget of it.
        for child in [matrix, *matrix.findChildren(QWidget)]:
            child.installEventFilter(watcher)
        matrix.update()
    application.exec()


if __name__ == "__main__":
    main()
