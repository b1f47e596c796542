"""The instrument file format (`survey-instrument/1`) and the library of ready instruments."""
from .model import (SIDES, Demographic, Dimension, Indicator, Instrument, Item,  # noqa: F401
                    OpenQuestion, Scale, side_key)
from .parser import (InstrumentError, build_instrument, dump_instrument,  # noqa: F401
                     load_instrument, load_instrument_file, to_document)
from .library import library_names, load_template  # noqa: F401
