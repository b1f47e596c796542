"""The instrument file format (`survey-instrument/1`) and the library of ready instruments."""
from .model import (Demographic, Dimension, Indicator, Instrument, Item, OpenQuestion,  # noqa: F401
                    Scale)
from .parser import (InstrumentError, build_instrument, dump_instrument,  # noqa: F401
                     load_instrument, load_instrument_file, to_document)
from .library import library_names, load_template  # noqa: F401
