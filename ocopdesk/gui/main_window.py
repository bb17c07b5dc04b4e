"""The main window: navigation sidebar, the screens, menu and toolbar, status bar."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QStyle,
    QToolBar,
    QWidget,
)

from ocopdesk.bundled import resource
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.gui import messages
from ocopdesk.gui.catalogue_actions import CatalogueActions
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.dialogs.settings_dialog import SettingsDialog
from ocopdesk.gui.epcis_action import export_epcis
from ocopdesk.gui.file_dialogs import PDF, save_name
from ocopdesk.gui.first_run import FIRST_STAMPS, PROFILE, FirstRunGuide
from ocopdesk.gui.help import DataLocations, HelpWindow
from ocopdesk.gui.pages.batches import BatchesPage
from ocopdesk.gui.pages.marketplaces import MarketplacesPage
from ocopdesk.gui.pages.overview import OverviewPage
from ocopdesk.gui.pages.producers import ProducersPage
from ocopdesk.gui.pages.products import ProductsPage
from ocopdesk.gui.pages.scans import ScansPage
from ocopdesk.gui.pages.welcome import WelcomePage
from ocopdesk.gui.site_actions import SiteActions
from ocopdesk.gui.tasks import Task
from ocopdesk.gui.widgets import icons
from ocopdesk.gui.widgets.sidebar import Sidebar
from ocopdesk.i18n import _, ngettext
from ocopdesk.paths import DB_FILENAME
from ocopdesk.services.changes import Changes
from ocopdesk.services.posters import poster_pdf
from ocopdesk.services.profile import load_profile
from ocopdesk.version import version_line

PAGES = ("overview", "products", "producers", "batches", "marketplaces", "scans")
# The widths the clerk gave the product list's columns; "products/header" was Qt's header state from before
# the name column took the spare width (restoring it would undo that), so it is left unread.
_COLUMNS_KEY = "products/column-widths"


def app_icon() -> QIcon:
    return QIcon(str(resource("icons", "ocopdesk.svg")))


# What a window manager adds around the client area: Windows 10 at 100 % adds 16×39 px (8 px borders, a
# 31 px title bar), openbox's default theme less. A first size must leave this much room on the screen.
_FRAME_ROOM = QSize(16, 40)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.actions_ = CatalogueActions(context, self)
        self.site = SiteActions(context, self)
        self.setWindowIcon(app_icon())
        self.setWindowTitle("OCOPDesk")
        self.welcome = WelcomePage()
        self.welcome.create_new.connect(self.start_empty)
        self.welcome.load_demo.connect(self.start_with_demo)
        self.welcome.open_existing.connect(self.actions_.open_existing)
        self.guide: FirstRunGuide | None = None
        self.help_window: HelpWindow | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.currentChanged.connect(lambda _index: self._update_status())
        self.setCentralWidget(self.stack)
        self.status_path, self.status_counts = QLabel(), QLabel()
        self.statusBar().addWidget(self.status_path, 1)
        self.statusBar().addPermanentWidget(self.status_counts)
        self.workspace: QWidget | None = None
        self._build_menus()
        context.catalogue_opened.connect(self._show_catalogue)
        context.catalogue_closed.connect(lambda: self.stack.setCurrentWidget(self.welcome))
        context.changed.connect(self._on_changed)
        self._restore_geometry()
        if context.has_catalogue:
            self._show_catalogue()
        self._update_actions()

    # -- building ---------------------------------------------------------------------------------
    def _build_workspace(self) -> None:
        style = self.style()
        pixmaps = (
            QStyle.StandardPixmap.SP_FileDialogInfoView,
            QStyle.StandardPixmap.SP_FileDialogDetailedView,
            QStyle.StandardPixmap.SP_DirHomeIcon,
            QStyle.StandardPixmap.SP_FileDialogListView,
            QStyle.StandardPixmap.SP_ArrowUp,
            QStyle.StandardPixmap.SP_FileDialogContentsView,
        )
        labels = (
            _("Overview"),
            _("Products"),
            _("Producers"),
            _("Batches & stamps"),
            _("Marketplaces"),
            _("Stamp checks"),
        )
        self.sidebar = Sidebar(
            [(style.standardIcon(p), label) for p, label in zip(pixmaps, labels, strict=True)],
            self.open_settings,
            lambda: self.show_help(),
        )
        self.nav, self.settings_button, self.help_button = (
            self.sidebar.nav,
            self.sidebar.settings_button,
            self.sidebar.help_button,
        )
        self.overview = OverviewPage(self.context)
        self.products = ProductsPage(self.context)
        self.producers = ProducersPage(self.context)
        self.batches = BatchesPage(self.context)
        self.marketplaces = MarketplacesPage(self.context)
        self.scan_checks = ScansPage(self.context)  # #27
        self.pages = QStackedWidget()
        for page in (self.overview, self.products, self.producers, self.batches, self.marketplaces, self.scan_checks):
            self.pages.addWidget(page)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.pages.currentChanged.connect(lambda _index: self._update_status())
        self.overview.open_product.connect(self.products.edit)
        self.products.show_lots.connect(lambda sku: (self.go_to("batches"), self.batches.show_product(sku)))
        self.marketplaces.open_problem.connect(self.fix_problem)
        self.marketplaces.notify.connect(lambda text: self.statusBar().showMessage(text, 3000))
        self.marketplaces.publish_requested.connect(lambda: self.site.publish())
        for table in (self.marketplaces.matrix, self.batches.table, self.producers.table, self.scan_checks.table):
            model = table.model()  # the status bar counts what the screen shows, as it changes
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
                signal.connect(self._update_status)
        self.products.count_changed.connect(self._update_status)
        self.workspace = QWidget()
        row = QHBoxLayout(self.workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sidebar)
        row.addWidget(self.pages, 1)
        self.stack.addWidget(self.workspace)
        widths = self.context.qsettings().value(_COLUMNS_KEY)
        if isinstance(widths, str) and widths:
            with contextlib.suppress(ValueError, TypeError, AttributeError):
                self.products.columns.pin(json.loads(widths))

    def _action(self, text: str, slot, shortcut=None, icon=None) -> QAction:  # type: ignore[no-untyped-def]
        """A window action whose slot never receives Qt's `checked` flag."""
        act = QAction(text, self)
        act.triggered.connect(lambda _checked=False: slot())  # never pass `checked` on
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if icon is not None:  # one of our signs, or one of Qt's standard icons
            act.setIcon(icon if isinstance(icon, QIcon) else self.style().standardIcon(icon))
        return act

    def _build_actions(self) -> None:
        """Every menu and toolbar command, created once so menus, toolbar and tests share them."""
        a = self.actions_
        sp = QStyle.StandardPixmap
        self.act_new_catalogue = self._action(_("New catalogue…"), a.create_new)
        self.act_open = self._action(
            _("Open catalogue…"), a.open_existing, QKeySequence.StandardKey.Open, sp.SP_DialogOpenButton
        )
        self.act_demo = self._action(_("Load demo data"), a.load_demo)
        self.act_import = self._action(_("Import from spreadsheet…"), a.import_sheet, "Ctrl+I", icons.icon("import"))
        self.act_backup = self._action(_("Back up…"), a.backup, None, sp.SP_DialogSaveButton)
        self.act_restore = self._action(_("Restore from a backup…"), a.restore)
        # Spelled out, not StandardKey.Preferences/Quit: those have no key on Windows, and the guide lists
        # one set of shortcuts for every computer.
        self.act_settings = self._action(_("Settings…"), self.open_settings, "Ctrl+,")
        self.act_quit = self._action(_("Quit"), self.close, "Ctrl+Q")
        self.act_new_product = self._action(
            _("New product"), lambda: self._products().new_product(), QKeySequence.StandardKey.New, sp.SP_FileIcon
        )
        self.act_find = self._action(_("Find products"), self.focus_search, QKeySequence.StandardKey.Find)
        self.act_delete = self._action(
            _("Delete selected products"), lambda: self._products().delete_selected(), QKeySequence.StandardKey.Delete
        )
        self.act_about = self._action(_("About OCOPDesk"), self.about)
        self.act_help = self._action(_("User guide"), lambda: self.show_help(), QKeySequence.StandardKey.HelpContents)
        self.act_guide = self._action(_("Getting started…"), lambda: self.show_guide())
        self.act_shortcuts = self._action(_("Keyboard shortcuts"), lambda: self.show_help("phim-tat.html"))
        self.act_locations = self._action(_("Where the data and the log are…"), lambda: self.show_locations())
        self.act_poster = self._action(_("QR poster for the cooperative or a place…"), lambda: self.place_poster())
        self.act_site_build = self._action(_("Build the traceability website…"), lambda: self.site.build())
        self.act_site_preview = self._action(_("Preview the website"), lambda: self.site.preview())
        self.act_site_publish = self._action(_("Publish to the web host…"), lambda: self.site.publish())
        self.act_epcis = self._action(
            _("Export EPCIS 2.0 (traceability events)…"), lambda: export_epcis(self.context, self)
        )

    def _build_menus(self) -> None:
        self._build_actions()
        menu = self.menuBar().addMenu(_("&Catalogue"))
        for act in (
            self.act_new_catalogue,
            self.act_open,
            self.act_demo,
            None,
            self.act_import,
            self.act_backup,
            self.act_restore,
            None,
            self.act_settings,
            None,
            self.act_quit,
        ):
            menu.addSeparator() if act is None else menu.addAction(act)
        menu = self.menuBar().addMenu(_("&Edit"))
        for act in (self.act_new_product, self.act_find, self.act_delete, self.act_poster):
            menu.addAction(act)
        menu = self.menuBar().addMenu(_("&Website"))
        for act in (self.act_site_build, self.act_site_preview, self.act_site_publish, None, self.act_epcis):
            menu.addSeparator() if act is None else menu.addAction(act)
        menu = self.menuBar().addMenu(_("&Help"))
        for act in (self.act_help, self.act_guide, self.act_shortcuts, self.act_locations, None, self.act_about):
            menu.addSeparator() if act is None else menu.addAction(act)
        self.toolbar = QToolBar(_("Main toolbar"))
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for act in (self.act_new_product, self.act_import, self.act_backup):
            self.toolbar.addAction(act)
        self.addToolBar(self.toolbar)

    def fix_problem(self, product_id: int, field: str, message: str) -> None:
        """From the readiness matrix: the product editor, open at the field to fix."""
        self.products.edit(product_id).show_problem(field, message)

    def _products(self) -> ProductsPage:
        self.go_to("products")
        return self.products

    # -- behaviour --------------------------------------------------------------------------------
    def start_empty(self) -> None:
        """From the welcome screen: an empty catalogue, then the first-run guide."""
        if self.actions_.create_default():
            self.show_guide()

    def start_with_demo(self) -> Task | None:
        """From the welcome screen: the demo catalogue (it fills a cooperative profile), then the guide."""
        task = self.actions_.load_demo()
        if task is not None:
            task.done.connect(lambda _changes: self.show_guide())
        return task

    def show_guide(self, step: int = PROFILE) -> FirstRunGuide | None:
        """The first-run path: the cooperative, the traceability address, the way to the first stamps."""
        if not self.context.has_catalogue:
            return None
        if self.guide is None:
            self.guide = FirstRunGuide(self.context, self)
            self.guide.finished.connect(self._guide_finished)
            self.stack.addWidget(self.guide)
        self.guide.start()
        self.guide.show_step(step)
        self.stack.setCurrentWidget(self.guide)
        self.statusBar().clearMessage()
        return self.guide

    def _guide_finished(self, where: str) -> None:
        """`where` the guide's last step pointed: a screen, or a first batch, product or import."""
        screen = {"new-batch": "batches", "new-product": "products", "import": "products"}.get(where, where)
        self.go_to(screen if screen in PAGES else "products")
        if where == "new-batch":
            self.batches.add_batch()
        elif where == "new-product":
            editor = self.products.new_product()
            # the guide goes on after the first product: its next step is the first batch and its stamps
            editor.saved.connect(lambda _changes: self.show_guide(FIRST_STAMPS))
        elif where == "import":
            self.actions_.import_sheet()

    def _show_catalogue(self) -> None:
        if self.workspace is None:
            self._build_workspace()
            self.nav.setCurrentRow(PAGES.index("products"))
        assert self.workspace is not None
        self.stack.setCurrentWidget(self.workspace)
        self._update_status()
        self._update_actions()

    def _update_actions(self) -> None:
        open_ = self.context.has_catalogue
        for act in (
            self.act_import,
            self.act_backup,
            self.act_restore,
            self.act_settings,
            self.act_new_product,
            self.act_find,
            self.act_delete,
        ):
            act.setEnabled(open_)

    def _on_changed(self, changes: Changes) -> None:
        self._update_status()

    def _update_status(self) -> None:
        """The catalogue by its name on the left (its file in the tooltip, in Help → Where the data and the log
        are… and in About: a clerk read a clipped path there); on the right, what the screen in view shows."""
        if not self.context.has_catalogue:
            return
        name = self.catalogue_name()
        self.setWindowTitle(_("OCOPDesk — {name}").format(name=name) if name else "OCOPDesk")
        shown = _("Catalogue: {name}").format(name=name) if name else _("New catalogue")
        room = max(self.width() // 2, 200)  # a very long name gives way (with "…"), the counts never do
        self.status_path.setText(self.status_path.fontMetrics().elidedText(shown, Qt.TextElideMode.ElideRight, room))
        self.status_path.setToolTip(
            _("The catalogue file: {path}").format(path=self.context.service.path)
            + "\n"
            + _("Help → Where the data and the log are… opens its folder.")
        )
        self.status_counts.setText(self.status_text())

    def catalogue_name(self) -> str:
        """What a clerk calls the catalogue: the cooperative's name once the guide has asked it, else a file
        name the clerk chose; "" for the default file (its name, "catalogue", is no Vietnamese word)."""
        path = self.context.service.path
        return load_profile(self.context.service).name or ("" if path.name == DB_FILENAME else path.stem)

    def status_text(self) -> str:
        if self.workspace is None or self.stack.currentWidget() is not self.workspace:
            return ""
        page = self.pages.currentWidget()
        if page is self.marketplaces:
            return ngettext("{n} product checked", "{n} products checked", self.marketplaces.matrix.rowCount()).format(
                n=self.marketplaces.matrix.rowCount()
            )
        if page is self.overview:
            return ""  # the screen says it all in its first line
        text = getattr(page, "status_text", None)
        return text() if callable(text) else ""

    def go_to(self, page: str) -> None:
        if self.workspace is not None:
            self.stack.setCurrentWidget(self.workspace)  # leaving the guide, if it was shown
            self.nav.setCurrentRow(PAGES.index(page))

    def focus_search(self) -> None:
        self._products().search_box.setFocus()
        self.products.search_box.selectAll()

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.context, self)
        dialog.open_requested.connect(self.actions_.open_existing)
        dialog.backup_requested.connect(self.actions_.backup)
        dialog.restore_requested.connect(self.actions_.restore)
        dialog.accepted.connect(lambda: dialog.saved_note and self.statusBar().showMessage(dialog.saved_note, 8000))
        dialog.accepted.connect(
            lambda: (
                getattr(dialog, "restart_needed", False)
                and messages.inform(self, _("The new language is used after OCOPDesk restarts."))
            )
        )
        dialog.open()
        return dialog

    def place_poster(self, place: str | None = None, path: str | None = None) -> Path | None:
        """An information QR poster for a place (a tourism site, a shop counter, a fair stand) or,
        with no name, for the cooperative's own page."""
        if place is None:
            place, ok = QInputDialog.getText(
                self, "OCOPDesk", _("Name of the place (leave empty for the cooperative):")
            )
            if not ok:
                return None
        if path is None:
            path = save_name(self, PDF, _("Save the poster"), "qr.pdf", "PDF (*.pdf)", self.context)
        if not path:
            return None
        try:
            written, _url = poster_pdf(self.context.service, Path(path), place=place.strip() or None, size="A4")
        except OcopDeskError as problem:
            messages.warn(self, problem.message)
            return None
        return written

    def show_help(self, page: str = "index.html") -> HelpWindow:
        """The user guide shipped with the app: it opens without internet and without a browser."""
        if self.help_window is None:
            self.help_window = HelpWindow(self)
        self.help_window.show_page(page)
        return self.help_window

    def show_locations(self) -> DataLocations:
        dialog = DataLocations(self.context, self)
        dialog.open()
        return dialog

    def about(self) -> None:
        text = (
            version_line()
            + "\n"
            + _("OCOP product catalogue, traceability stamps and marketplace listings for Vietnamese cooperatives.")
        )
        if self.context.has_catalogue:
            text += "\n\n" + _("The catalogue file: {path}").format(path=self.context.service.path)
        messages.inform(self, text)

    def _restore_geometry(self) -> None:
        """The last size and place; on a first start 1366×768 (clerks' laptops are that big) when the screen
        has room for it *with* the window manager's title bar and borders, else maximized: the window
        manager then fits the frame to the screen minus its taskbar, which a size we guess cannot."""
        geometry = self.context.qsettings().value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
            return
        screen = QGuiApplication.primaryScreen()
        free = screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)
        wanted = QRect(0, 0, 1366, 768)
        framed = wanted.size() + _FRAME_ROOM
        if framed.width() > free.width() or framed.height() > free.height():
            self.resize(free.size().boundedTo(wanted.size()) - _FRAME_ROOM)  # its size when un-maximized
            self.setWindowState(Qt.WindowState.WindowMaximized)
            return
        wanted.moveCenter(free.center())
        self.setGeometry(wanted)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = self.context.qsettings()
        settings.setValue("window/geometry", self.saveGeometry())
        if self.workspace is not None:
            settings.setValue(_COLUMNS_KEY, json.dumps(self.products.columns.pinned))
        settings.sync()
        self.site.stop_preview()
        super().closeEvent(event)
