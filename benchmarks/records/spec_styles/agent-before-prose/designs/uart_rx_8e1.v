module top_module (
    input clk,
    input reset,
    input [7:0] rx,
    output reg [7:0] data,
    output reg valid,
    output reg perr,
    output reg ferr
);
    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity flag
    reg parity_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next framing error flag
    reg framing_error_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next valid flag
    reg valid_flag_next_next_next_next_next_next_next = 0;

    // Variables to hold the current and next parity
endmodule
